using System.Globalization;
using System.Runtime.InteropServices;

namespace IcpAnalytics.Statistics;

/// <summary>Options for <see cref="Bootstrap"/>.</summary>
public sealed record BootstrapOptions
{
    /// <summary>How many resamples to draw, at least 100.</summary>
    /// <value>The default is 2,000.</value>
    public int Resamples { get; init; } = 2_000;

    /// <summary>The confidence level in (0, 1).</summary>
    /// <value>The default is 0.95.</value>
    public double Level { get; init; } = 0.95;

    /// <summary>The random seed of the resampling.</summary>
    /// <value>The default is 20,240,101.</value>
    public int Seed { get; init; } = KFold.DefaultSeed;
}

/// <summary>A bootstrap estimate: the statistic on the data, its bootstrap standard error and percentile interval.</summary>
/// <param name="Estimate">The statistic computed on the original rows.</param>
/// <param name="StandardError">The standard deviation of the statistic over the resamples.</param>
/// <param name="Interval">The percentile interval at the chosen level.</param>
/// <param name="Resamples">How many resamples gave a finite statistic.</param>
public sealed record BootstrapResult(double Estimate, double StandardError, Interval Interval, int Resamples);

/// <summary>Seeded, reproducible nonparametric bootstrap intervals for any statistic of a set of rows.</summary>
public static class Bootstrap
{
    /// <summary>
    /// Resamples <paramref name="rows"/> rows with replacement and evaluates <paramref name="statistic"/> on each resample,
    /// giving the percentile interval. The statistic receives the row indices of a resample (repeats included), so it can
    /// be any function of the rows: a mean, a ratio such as margin per effort hour, a difference between groups.
    /// Resamples on which the statistic is not finite (e.g. no effort hours drawn) are skipped and counted.
    /// </summary>
    /// <param name="rows">The number of rows, at least 2.</param>
    /// <param name="statistic">Computes the statistic from row indices.</param>
    /// <param name="options">Resamples, level and seed; defaults as documented on <see cref="BootstrapOptions"/>.</param>
    /// <exception cref="InvalidOptionsException">An option is out of range (all such options are listed).</exception>
    public static BootstrapResult PercentileInterval(int rows, Func<int[], double> statistic, BootstrapOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(statistic);
        ArgumentOutOfRangeException.ThrowIfLessThan(rows, 2);
        options ??= new BootstrapOptions();
        var problems = new List<string>();
        if (options.Resamples < 100) problems.Add($"Resamples is {options.Resamples}; use at least 100 (2,000 is the default).");
        if (!(options.Level > 0 && options.Level < 1)) problems.Add(string.Create(CultureInfo.InvariantCulture, $"Level is {options.Level}; it must lie strictly between 0 and 1, e.g. 0.95."));
        Throw.IfAny(problems);

        var identity = new int[rows];
        for (int i = 0; i < rows; i++) identity[i] = i;
        double estimate = statistic(identity);
        var rng = new Random(options.Seed);
        var draws = new List<double>(options.Resamples);
        var sample = new int[rows];
        for (int b = 0; b < options.Resamples; b++)
        {
            for (int i = 0; i < rows; i++) sample[i] = rng.Next(rows);
            double value = statistic(sample);
            if (double.IsFinite(value)) draws.Add(value);
        }
        if (draws.Count < 2) return new BootstrapResult(estimate, double.NaN, new Interval(double.NaN, double.NaN), draws.Count);
        draws.Sort();
        double mean = 0;
        foreach (double d in draws) mean += d;
        mean /= draws.Count;
        double ss = 0;
        foreach (double d in draws) ss += (d - mean) * (d - mean);
        double alpha = 1 - options.Level;
        return new BootstrapResult(estimate, Math.Sqrt(ss / (draws.Count - 1)),
            new Interval(Quantile(CollectionsMarshal.AsSpan(draws), alpha / 2), Quantile(CollectionsMarshal.AsSpan(draws), 1 - alpha / 2)), draws.Count);
    }

    /// <summary>The q-quantile of sorted values by linear interpolation (R's type 7).</summary>
    internal static double Quantile(ReadOnlySpan<double> sorted, double q)
    {
        double h = (sorted.Length - 1) * q;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}

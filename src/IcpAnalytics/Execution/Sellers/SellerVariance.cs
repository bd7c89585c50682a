using System.Globalization;
using IcpAnalytics.Data;
using IcpAnalytics.Statistics;
using MathNet.Numerics.Distributions;

namespace IcpAnalytics.Execution.Sellers;

/// <summary>
/// Seller variance: how much of a deal measure (margin per effort hour by default) varies between reps rather than between
/// deals, how concentrated margin is across reps, and which reps are reliably above or below the team after shrinkage.
/// </summary>
/// <remarks>
/// One-way random effects y_ij = μ + u_i + e_ij with the ANOVA (method-of-moments) estimators for unequal deal counts:
/// σ²_deal = MSW, σ²_rep = max(0, (MSB − MSW) / n₀), n₀ = (N − Σ nᵢ² / N) / (k − 1) (Searle, Casella &amp; McCulloch 1992,
/// §3.6). The interval of the share between reps, ρ = σ²_rep / (σ²_rep + σ²_deal), inverts the F test:
/// F_L = F / F_{1−α/2}(k − 1, N − k), F_U = F / F_{α/2}(k − 1, N − k), ρ = (F_· − 1) / (F_· + n₀ − 1), clipped to [0, 1]
/// (exact for equal counts, Searle 1971; approximate otherwise). A rep's shrunken mean is the empirical-Bayes BLUP
/// μ̂ + λᵢ (ȳᵢ − μ̂), λᵢ = σ²_rep / (σ²_rep + σ²_deal / nᵢ), with posterior SD √(λᵢ σ²_deal / nᵢ) and a normal interval.
/// </remarks>
public static class SellerVariance
{
    /// <summary>Analyses the variation of the options' measure across the deals' reps.</summary>
    /// <param name="deals">Closed deals with a rep column.</param>
    /// <param name="options">The measure, confidence level and minimum deals per rep; null for the defaults.</param>
    /// <exception cref="InvalidOptionsException">The options are invalid, or the measure is not in the deals.</exception>
    /// <exception cref="ModelFitException">Fewer than 2 reps have enough deals with the measure.</exception>
    public static SellerVarianceResult Analyze(DealSet deals, SellerVarianceOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(deals);
        options ??= new SellerVarianceOptions();
        options.Validate();
        var issues = new List<string>();
        (double[] value, string name) = MeasureOf(deals, options, issues);
        NumericColumn yield = deals.YieldAmount;
        int k = deals.Reps.Levels.Count;
        var values = new List<double>[k];
        var margin = new double[k];
        for (int r = 0; r < k; r++) values[r] = [];
        int noRep = 0, noValue = 0;
        for (int i = 0; i < deals.Count; i++)
        {
            int rep = deals.Reps.GetCode(i);
            if (rep < 0) { noRep++; continue; }
            double m = yield[i];
            if (double.IsFinite(m)) margin[rep] += m;
            if (double.IsFinite(value[i])) values[rep].Add(value[i]);
            else noValue++;
        }
        if (noRep > 0) issues.Add(string.Create(CultureInfo.InvariantCulture, $"{noRep} deals have no rep and are left out."));
        if (noValue > 0) issues.Add(string.Create(CultureInfo.InvariantCulture, $"{noValue} deals have no {name} (e.g. no effort hours) and are left out of the decomposition; their margin still counts in the concentration."));
        int[] used = [.. Enumerable.Range(0, k).Where(r => values[r].Count >= options.MinDealsPerRep)];
        int few = Enumerable.Range(0, k).Count(r => values[r].Count > 0 && values[r].Count < options.MinDealsPerRep);
        if (few > 0) issues.Add(string.Create(CultureInfo.InvariantCulture, $"{few} reps have fewer than {options.MinDealsPerRep} deals with {name} and are left out of the decomposition."));
        if (used.Length < 2)
            throw new ModelFitException($"Seller variance needs at least 2 reps with {options.MinDealsPerRep} or more deals with {name}; the data has {used.Length}.");
        (double between, double within, double f, double p, double n0, int total) = Decompose(used.Select(r => values[r]).ToArray());
        double share = between + within > 0 ? between / (between + within) : 0;
        Interval shareInterval = ShareInterval(f, n0, used.Length, total, options.ConfidenceLevel);
        // Precision-weighted team mean (the GLS estimate of μ; the plain deal mean when σ²_rep is 0).
        double sw = 0, swy = 0;
        foreach (int r in used)
        {
            double w = 1 / (between + within / values[r].Count);
            sw += w;
            swy += w * values[r].Average();
        }
        double mu = sw > 0 && double.IsFinite(swy / sw) ? swy / sw : used.SelectMany(r => values[r]).Average();
        double z = Normal.InvCDF(0, 1, 0.5 + options.ConfidenceLevel / 2);
        var standings = new List<RepStanding>();
        foreach (int r in used)
        {
            int n = values[r].Count;
            double mean = values[r].Average();
            double lambda = between > 0 ? between / (between + within / n) : 0;
            double shrunken = mu + lambda * (mean - mu);
            double sd = Math.Sqrt(lambda * within / n);
            var ci = new Interval(shrunken - z * sd, shrunken + z * sd);
            RepStandingKind standing = lambda > 0 && ci.Lower > mu ? RepStandingKind.Above : lambda > 0 && ci.Upper < mu ? RepStandingKind.Below : RepStandingKind.NotDistinguishable;
            standings.Add(new RepStanding(deals.Reps.Levels[r], n, mean, shrunken, ci, standing, margin[r]));
        }
        standings = [.. standings.OrderByDescending(s => s.Shrunken).ThenBy(s => s.Rep, StringComparer.Ordinal)];
        (double top10, double top20, double gini, List<LorenzPoint> lorenz) = Concentration([.. Enumerable.Range(0, k).Where(r => values[r].Count > 0 || margin[r] != 0).Select(r => margin[r])], issues);
        return new SellerVarianceResult(options, name, total, mu, between, within, share, shareInterval, f, p, n0, standings, top10, top20, gini, lorenz, issues);
    }

    private static (double[] Values, string Name) MeasureOf(DealSet deals, SellerVarianceOptions options, List<string> issues)
    {
        var value = new double[deals.Count];
        NumericColumn yield = deals.YieldAmount;
        string measure = options.Measure.Trim();
        if (measure.Equals(SellerVarianceOptions.MarginPerEffortHour, StringComparison.OrdinalIgnoreCase))
        {
            NumericColumn hours = deals.EffortHours
                ?? throw new InvalidOptionsException([$"Measure is \"{SellerVarianceOptions.MarginPerEffortHour}\" but the deals have no effort-hours column; map one, or use Measure = \"{SellerVarianceOptions.Margin}\"."]);
            for (int i = 0; i < deals.Count; i++) value[i] = hours[i] > 0 && double.IsFinite(yield[i]) ? yield[i] / hours[i] : double.NaN;
            if (deals.GrossMargin is null) issues.Add("The deals have no gross margin, so margin per effort hour uses revenue.");
            return (value, deals.GrossMargin is null ? "revenue per effort hour" : SellerVarianceOptions.MarginPerEffortHour);
        }
        if (measure.Equals(SellerVarianceOptions.Margin, StringComparison.OrdinalIgnoreCase))
        {
            for (int i = 0; i < deals.Count; i++) value[i] = yield[i];
            return (value, deals.GrossMargin is null ? "revenue" : SellerVarianceOptions.Margin);
        }
        NumericColumn column = deals.FindNumeric(measure)
            ?? throw new InvalidOptionsException([$"Measure \"{measure}\" is not \"{SellerVarianceOptions.MarginPerEffortHour}\", \"{SellerVarianceOptions.Margin}\" or a numeric column of the deals."]);
        for (int i = 0; i < deals.Count; i++) value[i] = column[i];
        return (value, column.Name);
    }

    /// <summary>The ANOVA estimators of the one-way random-effects model for groups of unequal size.</summary>
    internal static (double Between, double Within, double F, double P, double N0, int Total) Decompose(IReadOnlyList<IReadOnlyList<double>> groups)
    {
        int k = groups.Count, total = groups.Sum(g => g.Count);
        double grand = groups.SelectMany(g => g).Average();
        double ssb = 0, ssw = 0;
        foreach (IReadOnlyList<double> g in groups)
        {
            double mean = g.Average();
            ssb += g.Count * (mean - grand) * (mean - grand);
            foreach (double y in g) ssw += (y - mean) * (y - mean);
        }
        double msb = ssb / (k - 1);
        double msw = total > k ? ssw / (total - k) : double.NaN;
        double n0 = (total - groups.Sum(g => (double)g.Count * g.Count) / total) / (k - 1);
        double between = Math.Max(0, (msb - msw) / n0);
        double f = msw > 0 ? msb / msw : double.PositiveInfinity;
        double p = double.IsPositiveInfinity(f) ? 0 : total > k ? 1 - FisherSnedecor.CDF(k - 1, total - k, f) : double.NaN;
        return (between, msw, f, p, n0, total);
    }

    /// <summary>The F-based interval of the intraclass correlation.</summary>
    internal static Interval ShareInterval(double f, double n0, int k, int total, double level)
    {
        if (!double.IsFinite(f) || total <= k) return new Interval(double.NaN, double.NaN);
        double alpha = 1 - level;
        double fl = f / FisherSnedecor.InvCDF(k - 1, total - k, 1 - alpha / 2);
        double fu = f / FisherSnedecor.InvCDF(k - 1, total - k, alpha / 2);
        return new Interval(Math.Clamp((fl - 1) / (fl + n0 - 1), 0, 1), Math.Clamp((fu - 1) / (fu + n0 - 1), 0, 1));
    }

    private static (double Top10, double Top20, double Gini, List<LorenzPoint> Lorenz) Concentration(double[] margins, List<string> issues)
    {
        double total = margins.Sum();
        if (margins.Length == 0 || total <= 0)
        {
            issues.Add("The reps' total margin is not positive, so its concentration is not defined.");
            return (double.NaN, double.NaN, double.NaN, []);
        }
        int negative = margins.Count(m => m < 0);
        if (negative > 0) issues.Add(string.Create(CultureInfo.InvariantCulture, $"{negative} reps have a negative total margin; the Lorenz curve dips below 0 for them."));
        double[] descending = [.. margins.OrderByDescending(m => m)];
        double Top(double fraction) => descending.Take(Math.Max(1, (int)Math.Ceiling(fraction * descending.Length))).Sum() / total;
        double[] ascending = [.. margins.Order()];
        var lorenz = new List<LorenzPoint> { new(0, 0) };
        double cumulative = 0, area = 0;
        for (int i = 0; i < ascending.Length; i++)
        {
            double before = cumulative;
            cumulative += ascending[i] / total;
            area += (before + cumulative) / 2 / ascending.Length;
            lorenz.Add(new LorenzPoint((i + 1.0) / ascending.Length, cumulative));
        }
        return (Top(0.1), Top(0.2), 1 - 2 * area, lorenz);
    }
}

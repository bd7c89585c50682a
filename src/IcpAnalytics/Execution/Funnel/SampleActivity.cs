using System.Globalization;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Execution.Funnel;

/// <summary>
/// A seeded synthetic activity funnel with a known truth: every rep converts at <see cref="SampleActivityOptions.StepRatios"/>
/// except one rep who truly leaks at one step (ratio × <see cref="SampleActivityOptions.LeakFactor"/>). Counts are binomial
/// draws down the funnel; a period's result is the sum over its wins of the rep's margin per win × (1 + 0.2·N(0,1)) (at least 0).
/// </summary>
public static class SampleActivity
{
    /// <summary>The stage names the sample uses.</summary>
    public static IReadOnlyList<string> Stages { get; } = ["contacts", "appointments", "demos", "opportunities", "wins"];

    /// <summary>Generates the sample with the default truth and the given seed (see <see cref="SampleActivityOptions"/>).</summary>
    /// <param name="seed">The random seed. The default is 7.</param>
    public static ActivityFunnelData Generate(int seed = 7) => Generate(new SampleActivityOptions { Seed = seed });

    /// <summary>Generates the sample.</summary>
    /// <param name="options">Size, truth and seed.</param>
    public static ActivityFunnelData Generate(SampleActivityOptions options) =>
        ActivityFunnelData.FromObjects(Records(options), new ActivityFunnelLoadOptions { Stages = StageNames(options) });

    /// <summary>The rep name for a 0-based index: "Rep 01", "Rep 02" ….</summary>
    /// <param name="index">The rep's 0-based index.</param>
    public static string RepName(int index) => "Rep " + (index + 1).ToString("D2", CultureInfo.InvariantCulture);

    /// <summary>Writes the sample as CSV (rep, period, one column per stage, margin), invariant culture.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="options">Size, truth and seed.</param>
    public static void WriteCsv(TextWriter writer, SampleActivityOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        IReadOnlyList<string> stages = StageNames(options);
        writer.Write("rep,period," + string.Join(",", stages) + ",margin\n");
        foreach (ActivityRecord r in Records(options))
            writer.Write(string.Create(CultureInfo.InvariantCulture, $"{r.Rep},{r.Period},{string.Join(",", r.Counts)},{r.Result:0.##}\n"));
    }

    private static IReadOnlyList<string> StageNames(SampleActivityOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        int k = options.StepRatios.Count + 1;
        return k <= Stages.Count ? [.. Stages.Take(k - 1), Stages[^1]] : [.. Enumerable.Range(0, k - 1).Select(i => "stage" + (i + 1).ToString(CultureInfo.InvariantCulture)), "wins"];
    }

    private static List<ActivityRecord> Records(SampleActivityOptions options)
    {
        options.Validate();
        var rng = new Random(options.Seed);
        int steps = options.StepRatios.Count;
        var repMargin = new double[options.Reps];
        for (int r = 0; r < options.Reps; r++) repMargin[r] = options.MarginPerWin * (0.85 + 0.3 * rng.NextDouble());
        var records = new List<ActivityRecord>(options.Reps * options.Periods);
        for (int p = 0; p < options.Periods; p++)
        {
            string period = string.Create(CultureInfo.InvariantCulture, $"{2024 + p / 4}-Q{p % 4 + 1}");
            for (int r = 0; r < options.Reps; r++)
            {
                var counts = new long[steps + 1];
                counts[0] = (long)Math.Round(options.ContactsPerPeriod * (0.8 + 0.4 * rng.NextDouble()));
                for (int s = 0; s < steps; s++)
                {
                    double ratio = options.StepRatios[s] * (r == options.LeakingRep && s == options.LeakingStep ? options.LeakFactor : 1);
                    counts[s + 1] = Binomial(rng, counts[s], ratio);
                }
                double result = 0;
                for (long w = 0; w < counts[steps]; w++) result += Math.Max(0, repMargin[r] * (1 + 0.2 * Normal(rng)));
                records.Add(new ActivityRecord(RepName(r), period, counts, Math.Round(result, 2)));
            }
        }
        return records;
    }

    private static long Binomial(Random rng, long n, double p)
    {
        long k = 0;
        for (long i = 0; i < n; i++)
        {
            if (rng.NextDouble() < p) k++;
        }
        return k;
    }

    private static double Normal(Random rng) => RandomDraws.StandardNormal(rng);
}

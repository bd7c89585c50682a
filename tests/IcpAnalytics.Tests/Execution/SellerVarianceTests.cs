using IcpAnalytics.Data;
using IcpAnalytics.Execution.Sellers;
using IcpAnalytics.Reports;
using IcpAnalytics.Tests.Reports;
using Xunit.Abstractions;

namespace IcpAnalytics.Tests.Execution;

public class SellerVarianceTests(ITestOutputHelper output)
{
    /// <summary>
    /// Simulated reps: rep i's true margin per effort hour is 20 + uᵢ, uᵢ ~ N(0, σ_rep²), each deal adds N(0, σ_deal²) noise,
    /// effort hours 5–15 per deal; margin = hours × margin per hour. Extra reps can be given a fixed offset.
    /// </summary>
    internal static DealSet Simulated(int seed, int reps = 30, int dealsPerRep = 40, double sdRep = 2, double sdDeal = 4, params (int Rep, double Offset)[] fixedOffsets)
    {
        var random = new Random(seed);
        int n = reps * dealsPerRep;
        var repCodes = new int[n];
        var hours = new double[n];
        var margin = new double[n];
        var revenue = new double[n];
        for (int r = 0; r < reps; r++)
        {
            double u = fixedOffsets.Any(o => o.Rep == r) ? fixedOffsets.First(o => o.Rep == r).Offset : sdRep * Normal(random);
            for (int d = 0; d < dealsPerRep; d++)
            {
                int i = r * dealsPerRep + d;
                repCodes[i] = r;
                hours[i] = 5 + 10 * random.NextDouble();
                margin[i] = hours[i] * (20 + u + sdDeal * Normal(random));
                revenue[i] = 4 * Math.Abs(margin[i]) + 100;
            }
        }
        return new DealSet(
            [.. Enumerable.Range(1, n).Select(i => "D" + i)],
            new CategoricalColumn("account_id", [.. Enumerable.Range(0, n)], [.. Enumerable.Range(0, n).Select(i => "A" + i)], null),
            new CategoricalColumn("rep", repCodes, [.. Enumerable.Range(1, reps).Select(r => $"Rep {r:00}")], null),
            [.. Enumerable.Range(0, n).Select(i => new DateOnly(2025, 1, 1).DayNumber + i % 365)],
            [.. Enumerable.Range(0, n).Select(_ => (byte)1)],
            new NumericColumn("revenue", revenue, null),
            new NumericColumn("gross_margin", margin, null),
            null, null,
            new NumericColumn("effort_hours", hours, null),
            [], [], [],
            LoadReport.Clean("simulated reps", n));
    }

    private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    [Fact]
    public void Analyze_SimulatedReps_RecoversTheBetweenRepVarianceAndCoversTheShare()
    {
        // σ_rep² = 4, σ_deal² = 16: the true share between reps is 4 / 20 = 0.2.
        const int datasets = 200;
        int covered = 0;
        double shares = 0, betweens = 0, withins = 0;
        for (int seed = 1; seed <= datasets; seed++)
        {
            SellerVarianceResult r = SellerVariance.Analyze(Simulated(seed));
            shares += r.ShareBetweenReps;
            betweens += r.BetweenRepVariance;
            withins += r.WithinRepVariance;
            if (r.ShareBetweenRepsInterval.Lower <= 0.2 && 0.2 <= r.ShareBetweenRepsInterval.Upper) covered++;
        }
        output.WriteLine($"mean share {shares / datasets:F4}, mean σ²_rep {betweens / datasets:F3}, mean σ²_deal {withins / datasets:F3}, interval covered {covered} of {datasets}");
        Assert.InRange(betweens / datasets, 3.6, 4.4);   // the ANOVA estimator is unbiased for σ²_rep (up to the clipping at 0)
        Assert.InRange(withins / datasets, 15.6, 16.4);
        Assert.InRange(shares / datasets, 0.18, 0.22);
        // The F interval is exact for equal deal counts: seeds 1–200 cover 184 times, seeds 1–2,000 covered 1,913 (95.7%).
        Assert.InRange(covered / (double)datasets, 0.90, 0.99);
    }

    [Fact]
    public void Analyze_OneStrongAndOneWeakRep_ReliablyAboveAndBelowAfterShrinkage()
    {
        DealSet deals = Simulated(4, sdRep: 1, fixedOffsets: [(0, 8), (1, -8)]);
        SellerVarianceResult r = SellerVariance.Analyze(deals);
        RepStanding strong = r.Reps.Single(x => x.Rep == "Rep 01"), weak = r.Reps.Single(x => x.Rep == "Rep 02");
        Assert.Equal(RepStandingKind.Above, strong.Standing);
        Assert.Equal(RepStandingKind.Below, weak.Standing);
        Assert.Equal("Rep 01", r.Reps[0].Rep);
        // Shrinkage pulls the raw mean toward the team, never past it.
        Assert.InRange(strong.Shrunken, r.TeamMean, strong.Mean);
        Assert.InRange(weak.Shrunken, weak.Mean, r.TeamMean);
        // λ = σ²_rep / (σ²_rep + σ²_deal / n), checked from the reported variances.
        double lambda = r.BetweenRepVariance / (r.BetweenRepVariance + r.WithinRepVariance / strong.Deals);
        Assert.Equal(r.TeamMean + lambda * (strong.Mean - r.TeamMean), strong.Shrunken, 9);
    }

    [Fact]
    public void Analyze_NoRepDifference_ShareNearZeroAndNobodyFlaggedOften()
    {
        SellerVarianceResult r = SellerVariance.Analyze(Simulated(9, sdRep: 0));
        Assert.True(r.ShareBetweenReps < 0.05);
        Assert.True(r.Reps.Count(x => x.Standing != RepStandingKind.NotDistinguishable) <= 2);
    }

    [Fact]
    public void Concentration_MarginsOneToTen_TopSharesAndGiniByHand()
    {
        // 10 reps, one deal each with margin 1…10 (total 55): top 10% = 10/55, top 20% = 19/55;
        // Gini = Σᵢⱼ|xᵢ − xⱼ| / (2 n² x̄) = 330 / 1100 = 0.3. Each rep needs 1 deal (MinDealsPerRep = 1).
        DealSet deals = new(
            [.. Enumerable.Range(1, 10).Select(i => "D" + i)],
            new CategoricalColumn("account_id", [.. Enumerable.Range(0, 10)], [.. Enumerable.Range(0, 10).Select(i => "A" + i)], null),
            new CategoricalColumn("rep", [.. Enumerable.Range(0, 10)], [.. Enumerable.Range(1, 10).Select(r => "R" + r)], null),
            [.. Enumerable.Range(0, 10).Select(i => new DateOnly(2025, 1, 1).DayNumber + i)],
            [.. Enumerable.Range(0, 10).Select(_ => (byte)1)],
            new NumericColumn("revenue", [.. Enumerable.Range(1, 10).Select(i => 10.0 * i)], null),
            new NumericColumn("gross_margin", [.. Enumerable.Range(1, 10).Select(i => (double)i)], null),
            null, null, null, [], [], [], LoadReport.Clean("hand", 10));
        SellerVarianceResult r = SellerVariance.Analyze(deals, new SellerVarianceOptions { Measure = SellerVarianceOptions.Margin, MinDealsPerRep = 1 });
        Assert.Equal(10 / 55.0, r.TopTenPercentShare, 12);
        Assert.Equal(19 / 55.0, r.TopTwentyPercentShare, 12);
        Assert.Equal(0.3, r.Gini, 12);
        Assert.Equal(11, r.Lorenz.Count);
        Assert.Equal(1 / 55.0, r.Lorenz[1].ShareOfMargin, 12);
        Assert.Equal(1.0, r.Lorenz[^1].ShareOfMargin, 12);
    }

    [Fact]
    public void Analyze_NoEffortHours_ClearOptionError()
    {
        DealSet deals = ReportDeals.Tiny();
        var e = Assert.Throws<ModelFitException>(() => SellerVariance.Analyze(deals));
        Assert.Contains("at least 2 reps", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Render_SectionInEveryFormat_AndInTheProfitYieldReport()
    {
        DealSet deals = Simulated(2);
        SellerVarianceResult r = SellerVariance.Analyze(deals);
        ProfitYieldReport alone = SalesExecutionReport.Of(r);
        foreach (string text in (string[])[alone.ToHtml(), alone.ToMarkdown(), alone.ToText()])
        {
            Assert.Contains("Seller variance", text, StringComparison.Ordinal);
            Assert.Contains("between reps", text, StringComparison.Ordinal);
        }
        Assert.NotNull(alone.FindChart("seller-lorenz"));
        ProfitYieldReport report = ProfitYieldReport.For(deals).WithSellerVariance(r).Build();
        Assert.NotNull(report.FindSection(SalesExecutionSections.SellerVarianceId));
        Assert.Equal(r.ShareBetweenReps, report.FindTable("seller-variance")!.Rows[0][1].Number!.Value, 12);
    }
}

using IcpAnalytics.Data;
using IcpAnalytics.Execution.Coaching;
using IcpAnalytics.Reports;
using Xunit.Abstractions;

namespace IcpAnalytics.Tests.Execution;

public class CoachingImpactTests(ITestOutputHelper output)
{
    private static readonly DateOnly First = new(2023, 1, 1);

    private static DateOnly Quarter(int t) => First.AddMonths(3 * t);

    /// <summary>
    /// A staggered-adoption panel: 40 reps over 8 quarters, 12 coached from quarter 3, 12 from quarter 5, 16 never; every rep
    /// rides the same market-wide trend of +3 a quarter, and coaching adds exactly <paramref name="effect"/> from its start.
    /// </summary>
    private static (RepPeriodMeasures Measures, CoachingStarts Starts) Staggered(int seed, double effect = 5, double preTrendOfCoached = 0, bool everyoneAtOnce = false)
    {
        var random = new Random(seed);
        var values = new List<RepPeriodValue>();
        var starts = new List<CoachingStart>();
        for (int i = 0; i < 40; i++)
        {
            int? g = everyoneAtOnce ? 3 : i < 12 ? 3 : i < 24 ? 5 : null;
            string rep = $"Rep {i + 1:00}";
            // Coached mid-quarter: the quarter holding the start is the first coached quarter.
            starts.Add(new CoachingStart(rep, g is int q ? Quarter(q).AddDays(20) : null, i % 2 == 0 ? "AE" : "SDR"));
            double level = 50 + 10 * Normal(random);
            for (int t = 0; t < 8; t++)
            {
                double y = level + 3 * t + (g is int s && t >= s ? effect : 0) + (g is not null ? preTrendOfCoached * t : 0) + 4 * Normal(random);
                values.Add(new RepPeriodValue(rep, Quarter(t), "win stories shared", y));
            }
        }
        return (RepPeriodMeasures.FromObjects(values), CoachingStarts.FromObjects(starts));
    }

    private static double Normal(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    private static readonly CoachingImpactOptions TeachingOthers = new()
    {
        Competencies = [new ImpactCompetency("Teaching others", CompetencyKind.Will, [new ImpactMeasure("win stories shared")])],
    };

    [Fact]
    public void Estimate_StaggeredAdoptionWithMarketTrend_CoversTheTrueEffectAtTheNominalRate_NaiveBeforeAfterDoesNot()
    {
        const int datasets = 200;
        int covered = 0, naiveCovered = 0;
        double sum = 0;
        for (int seed = 1; seed <= datasets; seed++)
        {
            (RepPeriodMeasures measures, CoachingStarts starts) = Staggered(seed);
            MeasureImpact m = CoachingImpact.Analyze(measures, starts, TeachingOthers).Measures.Single();
            Assert.True(m.HasComparisonGroup);
            sum += m.Effect!.Value;
            if (m.Interval!.Value.Lower <= 5 && 5 <= m.Interval.Value.Upper) covered++;
            if (m.BeforeAfterInterval!.Value.Lower <= 5 && 5 <= m.BeforeAfterInterval.Value.Upper) naiveCovered++;
        }
        output.WriteLine($"staggered DiD covered {covered} of {datasets}; naive before/after covered {naiveCovered}; mean estimate {sum / datasets:F3} (true 5)");
        // 95% nominal: over 200 datasets the binomial SD is 1.5 points, so 90%–99% is a generous band (seeds 1–200 give 186;
        // seeds 1–2,000 gave 1,903 = 95.2%).
        Assert.InRange(covered / (double)datasets, 0.90, 0.99);
        // Unbiased: the mean estimate sits within 0.3 of the true 5 (its SE over 200 datasets is about 0.08).
        Assert.InRange(sum / datasets, 4.7, 5.3);
        // The naive before/after absorbs the market-wide trend (about +3 a quarter × the quarters between before and after) and never covers 5.
        Assert.True(naiveCovered / (double)datasets < 0.05, $"naive before/after covered {naiveCovered} of {datasets}");
    }

    [Fact]
    public void Estimate_EveryoneCoachedAtOnce_SaysThereIsNoComparisonGroup()
    {
        (RepPeriodMeasures measures, CoachingStarts starts) = Staggered(7, everyoneAtOnce: true);
        CoachingImpactResult r = CoachingImpact.Analyze(measures, starts, TeachingOthers);
        MeasureImpact m = r.Measures.Single();
        Assert.False(r.HasComparisonGroup);
        Assert.False(m.HasComparisonGroup);
        Assert.Null(m.Effect);
        Assert.Equal(ChangeVerdict.NoData, m.Verdict);
        Assert.StartsWith("No comparison group", m.Reason, StringComparison.Ordinal);
        // The naive change is still shown (trend + effect, far above 5), labelled as not coaching impact.
        Assert.True(m.BeforeAfterChange > 10);
        Assert.Contains(r.Issues, i => i.Contains("they are not coaching impact", StringComparison.Ordinal));
        string md = SalesExecutionReport.Of(r).ToMarkdown();
        Assert.Contains("no comparison group", md, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Coaching impact: improved", md, StringComparison.Ordinal);
    }

    [Fact]
    public void Estimate_CoachedRepsAlreadyDiverging_PreTrendCheckFails()
    {
        (RepPeriodMeasures measures, CoachingStarts starts) = Staggered(3, effect: 0, preTrendOfCoached: 2);
        MeasureImpact m = CoachingImpact.Analyze(measures, starts, TeachingOthers).Measures.Single();
        Assert.True(m.PreTrendsDiffer);
        Assert.True(m.PreTrendPValue < 0.05);
        Assert.StartsWith("Caution", m.Reason, StringComparison.Ordinal);
        (measures, starts) = Staggered(3);
        MeasureImpact clean = CoachingImpact.Analyze(measures, starts, TeachingOthers).Measures.Single();
        Assert.NotNull(clean.PreTrendPValue);
        Assert.Equal(ChangeVerdict.Improved, clean.Verdict);
    }

    [Fact]
    public void Estimate_ByRoleAndKind_OnlyTheRolesRepsEnter()
    {
        (RepPeriodMeasures measures, CoachingStarts starts) = Staggered(5);
        var options = new CoachingImpactOptions
        {
            Competencies =
            [
                new ImpactCompetency("Teaching others", CompetencyKind.Will, [new ImpactMeasure("win stories shared")], Role: "AE"),
                new ImpactCompetency("Prospecting", CompetencyKind.Skill, [new ImpactMeasure("win stories shared")], Role: "SDR"),
                new ImpactCompetency("CRM hygiene", CompetencyKind.Process, [new ImpactMeasure("crm updates")]),
            ],
        };
        CoachingImpactResult r = CoachingImpact.Analyze(measures, starts, options);
        // 24 coached reps, half of them AEs (even-numbered index): 12 coached AEs, 12 coached SDRs.
        Assert.Equal(12, r.Competencies[0].Measures[0].CoachedReps);
        // Comparison AEs: the 8 never coached, plus the 6 AEs coached from quarter 5, which compare with the quarter-3 group while not yet coached.
        Assert.Equal(14, r.Competencies[0].Measures[0].ComparisonRepsUsed);
        Assert.Equal(12, r.Competencies[1].Measures[0].CoachedReps);
        Assert.Equal(CompetencyKind.Process, r.Competencies[2].Kind);
        Assert.Equal(ChangeVerdict.NoData, r.Competencies[2].Verdict);
        Assert.Contains("no measure 'crm updates'", r.Competencies[2].Measures[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Loaders_MeasuresAndStartsFromCsv_BadRowsRejectedWithLine()
    {
        const string measures = "rep,period,measure,value\nA,2024-01,win stories shared,2\nA,2024-04-01,win stories shared,x\nB,2024-13,win stories shared,1\nB,2024-01-15,win stories shared,3\nB,2024-02-01,win stories shared,5\n";
        RepPeriodMeasures m = RepPeriodMeasures.FromCsv(new StringReader(measures));
        Assert.Equal(5, m.LoadReport.RowsRead);
        Assert.Equal(3, m.LoadReport.RowsLoaded);
        Assert.Equal([3L, 4L], m.LoadReport.Rejected.Select(x => x.Line));
        Assert.Equal("value", m.LoadReport.Rejected[0].Column);
        // B's two January/February values fall into 2024 Q1 and are averaged, and said so.
        Assert.Equal(4, m.Values.Single(v => v.Rep == "B").Value);
        Assert.Contains(m.Notes, n => n.Contains("averaged", StringComparison.Ordinal));
        const string starts = "rep,coaching_start,role\nA,2024-03-01,AE\nB,,AE\nA,2024-05-01,AE\nC,01/03/2024,SDR\n";
        CoachingStarts s = CoachingStarts.FromCsv(new StringReader(starts));
        Assert.Equal(2, s.Starts.Count);
        Assert.Null(s.Of("B")!.Start);
        Assert.Equal([4L, 5L], s.LoadReport.Rejected.Select(x => x.Line));
        Assert.DoesNotContain("01/03/2024", Assert.Throws<DealDataException>(() => CoachingStarts.FromCsv(new StringReader(starts), strict: true)).Message, StringComparison.Ordinal);
    }
}

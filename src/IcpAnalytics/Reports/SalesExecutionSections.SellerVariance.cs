using IcpAnalytics.Execution.Sellers;

namespace IcpAnalytics.Reports;

public static partial class SalesExecutionSections
{
    /// <summary>The section id of the seller-variance analysis.</summary>
    public const string SellerVarianceId = "seller-variance";

    /// <summary>Seller variance: the share of the measure's variance between reps with its interval, margin concentration across reps (top 10 % / 20 %, Lorenz curve, Gini), and reps reliably above or below the team after shrinkage.</summary>
    /// <param name="result">The seller-variance analysis.</param>
    /// <param name="options">The culture and currency of the words; null for invariant.</param>
    public static ReportSection SellerVariance(SellerVarianceResult result, ProfitYieldReportOptions? options = null) =>
        Section(result, options, SellerVariance);

    internal static ReportSection SellerVariance(SellerVarianceResult r, ReportFormatter f)
    {
        double level = r.Options.ConfidenceLevel;
        ReportValueKind kind = r.MeasureName.Contains("per effort hour", StringComparison.Ordinal) || r.MeasureName is "margin" or "revenue" ? ReportValueKind.Currency : ReportValueKind.Number;
        RepStanding[] above = [.. r.Reps.Where(x => x.Standing == RepStandingKind.Above)];
        RepStanding[] below = [.. r.Reps.Where(x => x.Standing == RepStandingKind.Below)];
        var findings = new List<ReportFinding>
        {
            new($"{f.WithInterval(r.ShareBetweenReps, r.ShareBetweenRepsInterval.Lower, r.ShareBetweenRepsInterval.Upper, ReportValueKind.Percent)} of the variance in {r.MeasureName} lies between reps, the rest between deals of the same rep (F test that reps do not differ: {P(f, r.PValue)})."),
            new($"The top 10% of reps bring {f.Format(r.TopTenPercentShare, ReportValueKind.Percent)} of the margin and the top 20% bring {f.Format(r.TopTwentyPercentShare, ReportValueKind.Percent)} (Gini {f.Format(r.Gini, ReportValueKind.Number)})."),
            new(above.Length == 0 ? "No rep is reliably above the team after shrinkage." : "Reliably above the team after shrinkage: " + string.Join(", ", above.Select(x => x.Rep)) + ".", above.Length > 0 ? "passed" : null),
            new(below.Length == 0 ? "No rep is reliably below the team after shrinkage." : "Reliably below the team after shrinkage: " + string.Join(", ", below.Select(x => x.Rep)) + ".", below.Length > 0 ? "caution" : null),
        };
        var paragraphs = new List<string>
        {
            $"A one-way random-effects decomposition of {r.MeasureName} over {f.Format(r.Deals, ReportValueKind.Count)} deals of {f.Format(r.Reps.Count, ReportValueKind.Count)} reps (ANOVA estimators; "
                + $"{Level(f, level)} interval of the share from the F distribution, n₀ = {r.DealsPerRepEffective.ToString("0.#", f.Culture)} deals per rep). "
                + "Each rep's mean is shrunk toward the team in proportion to how few deals it rests on, so a rep with a handful of lucky deals is not called a star. "
                + $"\"Reliably\" means the shrunken estimate's {Level(f, level)} interval excludes the team mean; with many reps, one or two can cross by chance.",
        };
        paragraphs.AddRange(r.Issues);
        var figures = new ReportTable("seller-variance", $"Seller variance of {r.MeasureName}",
        [
            new ReportColumn("measure", "Measure", ReportValueKind.Text), new ReportColumn("share_between_reps", "Share of variance between reps", ReportValueKind.Percent),
            Lower("share_low", ReportValueKind.Percent, f, level), Upper("share_high", ReportValueKind.Percent, f, level),
            new ReportColumn("team_mean", "Team mean", kind), new ReportColumn("sd_between_reps", "SD between reps", kind), new ReportColumn("sd_within_rep", "SD between a rep's deals", kind),
            new ReportColumn("p", "p (reps do not differ)", ReportValueKind.PValue), new ReportColumn("reps", "Reps", ReportValueKind.Count), new ReportColumn("deals", "Deals", ReportValueKind.Count),
            new ReportColumn("top10_share", "Margin share of the top 10% of reps", ReportValueKind.Percent), new ReportColumn("top20_share", "Margin share of the top 20% of reps", ReportValueKind.Percent),
            new ReportColumn("gini", "Gini of margin across reps", ReportValueKind.Number),
        ],
        [[r.MeasureName, r.ShareBetweenReps, r.ShareBetweenRepsInterval.Lower, r.ShareBetweenRepsInterval.Upper, r.TeamMean, Math.Sqrt(r.BetweenRepVariance), Math.Sqrt(r.WithinRepVariance),
            r.PValue, (double)r.Reps.Count, (double)r.Deals, r.TopTenPercentShare, r.TopTwentyPercentShare, r.Gini]]);
        var reps = new ReportTable("seller-reps", $"Reps, highest shrunken {r.MeasureName} first ({Level(f, level)} intervals)",
        [
            new ReportColumn("rep", "Rep", ReportValueKind.Text), new ReportColumn("deals", "Deals", ReportValueKind.Count), new ReportColumn("mean", "Raw mean", kind),
            new ReportColumn("shrunken", "Shrunken estimate", kind), Lower("shrunken_low", kind, f, level), Upper("shrunken_high", kind, f, level),
            new ReportColumn("standing", "Against the team", ReportValueKind.Text), new ReportColumn("margin", "Total margin", ReportValueKind.Currency),
        ], [.. r.Reps.Select(x => (IReadOnlyList<ReportCell>)[x.Rep, (double)x.Deals, x.Mean, x.Shrunken, x.Interval.Lower, x.Interval.Upper,
            x.Standing switch { RepStandingKind.Above => "reliably above", RepStandingKind.Below => "reliably below", _ => "not distinguishable" }, x.Margin])]);
        var charts = new List<ReportChart>();
        if (r.Lorenz.Count > 1)
        {
            charts.Add(new ReportChart("seller-lorenz", "Lorenz curve of margin across reps", ReportChartKind.Line,
                "Share of reps, from the smallest margin up", "Cumulative share of margin", ReportValueKind.Percent,
                [new ChartSeries("Reps", [.. r.Lorenz.Select(p => new ChartPoint(null, p.ShareOfReps, p.ShareOfMargin))])])
            {
                Diagonal = true,
                Caption = "The diagonal is equal margin for every rep; the further the curve sags below it, the more margin comes from a few reps.",
            });
        }
        return new ReportSection(SellerVarianceId, "Seller variance: how much results differ between reps") { Paragraphs = paragraphs, Findings = findings, Tables = [figures, reps], Charts = charts };
    }
}

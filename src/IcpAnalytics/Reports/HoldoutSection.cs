using IcpAnalytics.Icp;
using IcpAnalytics.Segments;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Reports;

/// <summary>Renders a <see cref="HoldoutValidation"/> as the "Holdout validation" section: fit against non-fit on later deals, and the gain curve.</summary>
internal static class HoldoutSection
{
    public const string Id = "holdout";
    public const string Title = "Holdout validation: ICP fit against non-fit on later deals";

    public static ReportSection Build(HoldoutValidation v, ReportFormatter f, int maxPoints, string? caveat)
    {
        string margin = v.YieldOnRevenue ? "revenue" : "margin";
        var paragraphs = new List<string>
        {
            (v.Cutoff is DateOnly cut
                ? $"The profile was built only on deals closed before {cut.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)} and is tested here on the {f.Format(v.HoldoutDeals, ReportValueKind.Count)} deals closed on or after it, which it never saw."
                : $"The profile is tested here on {f.Format(v.HoldoutDeals, ReportValueKind.Count)} later deals it never saw.")
            + " If the ICP is real, fit deals should yield more on these deals too.",
            "Differences are fit minus non-fit, with 95% ranges; a difference of win rates is in percentage points (pp). "
            + (v.Profile.Options.TreatDealsAsIndependent
                ? "The margin ranges count deals of one account together (accounts, not deals, are the evidence); the win rate and each group's own ranges treat every deal as independent."
                : "Deals of one account count together (accounts, not deals, are the evidence), which widens the ranges when there are few accounts; see \"Accounts as the evidence\" in the glossary."),
        };
        var findings = new List<ReportFinding>();
        if (caveat is not null) findings.Add(new ReportFinding(caveat, "caution"));
        findings.Add(new ReportFinding($"Fit deals are {f.Format(v.FitShareOfDeals, ReportValueKind.Percent)} of later deals"
            + (v.FitShareOfEffort is double e ? $" and take {f.Format(e, ReportValueKind.Percent)} of effort hours" : "")
            + $", and bring {f.Format(v.FitShareOfMargin, ReportValueKind.Percent)} of later {margin}."));

        var rows = new List<IReadOnlyList<ReportCell>>();
        var rowKinds = new List<ReportValueKind>();
        foreach ((string name, YieldDifference? d, ReportValueKind kind) in Comparisons(v, margin))
        {
            rowKinds.Add(kind);
            if (d is null)
            {
                rows.Add([name, default, default, default, default, default, default, "not tested"]);
                continue;
            }
            string verdict = Verdict(d);
            rows.Add([name, d.Fit, d.NonFit, d.Difference, d.DifferenceInterval.Lower, d.DifferenceInterval.Upper, d.PValue, verdict]);
            ReportValueKind differenceKind = kind == ReportValueKind.Percent ? ReportValueKind.PercentagePoints : kind;
            findings.Add(new ReportFinding($"{Capital(name)}: fit {f.Format(d.Fit, kind)} against non-fit {f.Format(d.NonFit, kind)}; difference {f.WithInterval(d.Difference, d.DifferenceInterval.Lower, d.DifferenceInterval.Upper, differenceKind)}. "
                + verdict switch
                {
                    "passed" => "The ICP holds on later deals.",
                    "failed" => "Fit deals did worse on later deals: do not act on this profile.",
                    _ => "The difference could be chance: the ICP is not confirmed on this measure.",
                }, verdict));
        }
        var table = new ReportTable("holdout-comparison", "Later deals: ICP fit against non-fit",
            [
                new ReportColumn("measure", "Measure", ReportValueKind.Text),
                new ReportColumn("fit", "ICP fit", ReportValueKind.ByRow),
                new ReportColumn("non_fit", "Not fit", ReportValueKind.ByRow),
                new ReportColumn("difference", "Difference", ReportValueKind.ByRow) { IsDifference = true },
                ReportColumn.LowerBound("difference_low", ReportValueKind.ByRow),
                ReportColumn.UpperBound("difference_high", ReportValueKind.ByRow),
                new ReportColumn("p_value", "p", ReportValueKind.PValue),
                new ReportColumn("verdict", "Verdict", ReportValueKind.Verdict),
            ], rows)
        {
            RowKinds = rowKinds,
        };
        var typed = new ReportTable("holdout-groups", "Later deals by group",
            [
                new ReportColumn("group", "Group", ReportValueKind.Text),
                new ReportColumn("deals", "Deals pursued", ReportValueKind.Count),
                new ReportColumn("won", "Won", ReportValueKind.Count),
                new ReportColumn("win_rate", "Win rate", ReportValueKind.Percent),
                ReportColumn.LowerBound("win_rate_low", ReportValueKind.Percent),
                ReportColumn.UpperBound("win_rate_high", ReportValueKind.Percent),
                new ReportColumn("margin_per_deal", "Margin per deal pursued", ReportValueKind.Currency),
                ReportColumn.LowerBound("margin_per_deal_low", ReportValueKind.Currency),
                ReportColumn.UpperBound("margin_per_deal_high", ReportValueKind.Currency),
                new ReportColumn("margin_per_hour", "Margin per effort hour", ReportValueKind.Currency),
                ReportColumn.LowerBound("margin_per_hour_low", ReportValueKind.Currency),
                ReportColumn.UpperBound("margin_per_hour_high", ReportValueKind.Currency),
            ],
            [GroupRow(v.Fit), GroupRow(v.NonFit)])
        { IsDetail = true };

        var fitPoints = new List<ChartPoint>();
        var nonFitPoints = new List<ChartPoint>();
        var kinds = new List<ReportValueKind>();
        AddGroup("Win rate", v.Fit.WinRate, v.Fit.WinRateInterval, v.NonFit.WinRate, v.NonFit.WinRateInterval, ReportValueKind.Percent);
        AddGroup(Capital(margin) + " per deal pursued", v.Fit.MarginPerDealPursued, v.Fit.MarginPerDealPursuedInterval, v.NonFit.MarginPerDealPursued, v.NonFit.MarginPerDealPursuedInterval, ReportValueKind.Currency);
        if (v.Fit.MarginPerEffortHour is not null || v.NonFit.MarginPerEffortHour is not null)
            AddGroup(Capital(margin) + " per effort hour", v.Fit.MarginPerEffortHour, v.Fit.MarginPerEffortHourInterval, v.NonFit.MarginPerEffortHour, v.NonFit.MarginPerEffortHourInterval, ReportValueKind.Currency);
        var comparison = new ReportChart("holdout-chart", "Later deals: ICP fit against non-fit", ReportChartKind.GroupedBars, "Each panel has its own scale; whiskers are 95% ranges",
            "Measure", ReportValueKind.Currency, [new ChartSeries("ICP fit", fitPoints), new ChartSeries("Not ICP fit", nonFitPoints)])
        {
            GroupValueKinds = kinds,
            Caption = "Bars are the later deals' values for fit and non-fit accounts; if the whiskers do not overlap, the difference is very unlikely to be chance.",
        };

        var byDeals = new List<ChartPoint>();
        var byEffort = new List<ChartPoint>();
        foreach (GainCurvePoint p in v.GainCurve)
        {
            byDeals.Add(new ChartPoint(null, p.ShareOfDeals, p.ShareOfMargin));
            if (p.ShareOfEffort is double se) byEffort.Add(new ChartPoint(null, se, p.ShareOfMargin));
        }
        byDeals = WhaleCurveSection.Thin([.. byDeals.OrderBy(p => p.X)], maxPoints, 0);
        byEffort = WhaleCurveSection.Thin([.. byEffort.OrderBy(p => p.X)], maxPoints, 0);
        var series = new List<ChartSeries> { new("by share of deals", byDeals) };
        if (byEffort.Count > 0) series.Add(new ChartSeries("by share of effort hours", byEffort));
        var gain = new ReportChart("gain-curve-chart", "Gain curve: later " + margin + " captured by working the best-scoring deals first", ReportChartKind.Line,
            "Share of later deals (or effort hours), highest fit score first", "Share of later " + margin + " captured", ReportValueKind.Percent, series)
        {
            Diagonal = true,
            Caption = "Above the diagonal, the fit score finds " + margin + " better than working deals in random order; the higher the curve, the better.",
        };
        return new ReportSection(Id, Title)
        {
            Paragraphs = paragraphs,
            Findings = findings,
            Charts = [comparison, gain],
            Tables = [typed, table],
        };

        void AddGroup(string label, double? fit, Interval? fitInterval, double? nonFit, Interval? nonFitInterval, ReportValueKind kind)
        {
            fitPoints.Add(new ChartPoint(label, 0, fit, fitInterval?.Lower, fitInterval?.Upper));
            nonFitPoints.Add(new ChartPoint(label, 0, nonFit, nonFitInterval?.Lower, nonFitInterval?.Upper));
            kinds.Add(kind);
        }
    }

    private static IEnumerable<(string Name, YieldDifference? Difference, ReportValueKind Kind)> Comparisons(HoldoutValidation v, string margin)
    {
        yield return ("win rate", v.WinRate, ReportValueKind.Percent);
        yield return (margin + " per deal pursued", v.MarginPerDealPursued, ReportValueKind.Currency);
        if (v.Fit.MarginPerEffortHour is not null || v.MarginPerEffortHour is not null) yield return (margin + " per effort hour", v.MarginPerEffortHour, ReportValueKind.Currency);
    }

    /// <summary>passed: fit is better and the interval excludes zero; failed: fit is worse and the interval excludes zero; otherwise caution.</summary>
    internal static string Verdict(YieldDifference d) =>
        d.DifferenceInterval.Lower > 0 ? "passed" : d.DifferenceInterval.Upper < 0 ? "failed" : "caution";

    private static ReportCell[] GroupRow(SegmentYield s) =>
    [
        s.Segment, s.DealsPursued, s.DealsWon, s.WinRate, s.WinRateInterval.Lower, s.WinRateInterval.Upper,
        s.MarginPerDealPursued, s.MarginPerDealPursuedInterval?.Lower, s.MarginPerDealPursuedInterval?.Upper,
        s.MarginPerEffortHour, s.MarginPerEffortHourInterval?.Lower, s.MarginPerEffortHourInterval?.Upper,
    ];

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}

using IcpAnalytics.Execution.Losses;

namespace IcpAnalytics.Reports;

public static partial class SalesExecutionSections
{
    /// <summary>The section id of why we lose.</summary>
    public const string LossReasonsId = "loss-reasons";

    /// <summary>Why we lose: each loss reason's share of lost deals and the margin it lost, for all deals, per segment and for ICP fit against non-fit, with intervals.</summary>
    /// <param name="result">The loss-reason analysis.</param>
    /// <param name="options">The culture and currency of the words; null for invariant.</param>
    public static ReportSection LossReasons(LossReasonsResult result, ProfitYieldReportOptions? options = null) =>
        Section(result, options, LossReasons);

    internal static ReportSection LossReasons(LossReasonsResult r, ReportFormatter f)
    {
        double level = r.Options.ConfidenceLevel;
        var findings = new List<ReportFinding>();
        foreach (LossReasonShare s in r.Shares.Where(s => s.Group == Execution.Losses.LossReasons.AllDeals).Take(3))
            findings.Add(new ReportFinding($"{s.Reason}: {f.WithInterval(s.Share, s.ShareInterval.Lower, s.ShareInterval.Upper, ReportValueKind.Percent)} of lost deals, {f.WithInterval(s.MarginLost, s.MarginLostInterval.Lower, s.MarginLostInterval.Upper, ReportValueKind.Currency)} margin lost."));
        foreach (LossReasonFitDifference d in r.FitDifferences.Where(d => d.Difference.Interval.Lower > 0 || d.Difference.Interval.Upper < 0))
            findings.Add(new ReportFinding($"{d.Reason} is {(d.Difference.Difference > 0 ? "more" : "less")} common among ICP-fit losses ({f.Format(d.FitShare, ReportValueKind.Percent)}) than non-fit losses ({f.Format(d.NonFitShare, ReportValueKind.Percent)}).", "caution"));
        var paragraphs = new List<string>
        {
            $"Lost deals by {r.ReasonColumn}: the share of each reason with its {Level(f, level)} Wilson interval, and the margin lost: the lost deals' revenue at the group's margin rate on won deals, "
                + $"with a {Level(f, level)} bootstrap interval over the group's lost deals ({f.Format(r.Options.BootstrapResamples, ReportValueKind.Count)} resamples, seed {r.Options.Seed.ToString(f.Culture)}).",
        };
        paragraphs.AddRange(r.Issues);
        var shares = new ReportTable("loss-reasons", $"Why we lose, by group ({Level(f, level)} intervals)",
        [
            new ReportColumn("group", "Group", ReportValueKind.Text), new ReportColumn("reason", "Reason", ReportValueKind.Text),
            new ReportColumn("losses", "Lost deals", ReportValueKind.Count), new ReportColumn("group_losses", "Group's lost deals", ReportValueKind.Count),
            new ReportColumn("share", "Share of losses", ReportValueKind.Percent), Lower("share_low", ReportValueKind.Percent, f, level), Upper("share_high", ReportValueKind.Percent, f, level),
            new ReportColumn("margin_lost", "Margin lost", ReportValueKind.Currency), Lower("margin_lost_low", ReportValueKind.Currency, f, level), Upper("margin_lost_high", ReportValueKind.Currency, f, level),
        ], [.. r.Shares.Select(s => (IReadOnlyList<ReportCell>)[s.Group, s.Reason, (double)s.Losses, (double)s.GroupLosses, s.Share, s.ShareInterval.Lower, s.ShareInterval.Upper, s.MarginLost, s.MarginLostInterval.Lower, s.MarginLostInterval.Upper])]);
        var tables = new List<ReportTable> { shares };
        if (r.FitDifferences.Count > 0)
        {
            tables.Add(new ReportTable("loss-reasons-fit", $"Loss reasons: ICP fit against non-fit ({Level(f, level)} Newcombe intervals)",
            [
                new ReportColumn("reason", "Reason", ReportValueKind.Text), new ReportColumn("fit_share", "Share of ICP-fit losses", ReportValueKind.Percent),
                new ReportColumn("non_fit_share", "Share of non-fit losses", ReportValueKind.Percent), new ReportColumn("difference", "Difference", ReportValueKind.Percent),
                Lower("difference_low", ReportValueKind.Percent, f, level), Upper("difference_high", ReportValueKind.Percent, f, level), new ReportColumn("p", "p", ReportValueKind.PValue),
            ], [.. r.FitDifferences.Select(d => (IReadOnlyList<ReportCell>)[d.Reason, d.FitShare, d.NonFitShare, d.Difference.Difference, d.Difference.Interval.Lower, d.Difference.Interval.Upper, d.Difference.PValue])]));
        }
        return new ReportSection(LossReasonsId, "Why we lose, by segment") { Paragraphs = paragraphs, Findings = findings, Tables = tables };
    }
}

using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Segments;

namespace IcpAnalytics.Reports;

/// <summary>Renders an <see cref="IdealCustomerProfile"/> as the "ICP rules and coverage" section.</summary>
internal static class IcpSection
{
    public const string Id = "icp";
    public const string Title = "ICP rules and coverage";

    public static string MeasureName(ProfitYield measure, bool onRevenue) => measure switch
    {
        ProfitYield.WinRate => "win rate",
        ProfitYield.MarginPerEffortHour => onRevenue ? "revenue per effort hour" : "margin per effort hour",
        _ => onRevenue ? "revenue per deal pursued" : "margin per deal pursued",
    };

    public static ReportValueKind MeasureKind(ProfitYield measure) => measure == ProfitYield.WinRate ? ReportValueKind.Percent : ReportValueKind.Currency;

    public static ReportSection Build(IdealCustomerProfile icp, ReportFormatter f, string? builtOn, DealSet? deals = null)
    {
        string Text(IcpRule r) => MissingValueLabel.Rule(r, deals);
        string TextOf(string ruleText) => icp.RankedRules.FirstOrDefault(r => r.Text == ruleText) is { } named ? Text(named) : ruleText;
        string measure = MeasureName(icp.Measure, icp.YieldOnRevenue);
        ReportValueKind kind = MeasureKind(icp.Measure);
        IcpOptions o = icp.Options;
        var paragraphs = new List<string>
        {
            $"The profile was searched on {f.Format(icp.TrainingDeals, ReportValueKind.Count)} deals{builtOn}: rules of up to {o.MaxConditions} conditions over "
            + $"{string.Join(", ", icp.Attributes.Select(a => a.Name))}, each covering at least {f.Format(o.MinDeals, ReportValueKind.Count)} deals, ranked by {measure}. "
            + $"{f.Format(icp.CandidatesEvaluated, ReportValueKind.Count)} candidate rules were tried on {f.Format(icp.DiscoveryDeals, ReportValueKind.Count)} discovery deals and confirmed on "
            + $"{f.Format(icp.ConfirmationDeals, ReportValueKind.Count)} others ({icp.Split.Description}), with {(o.Correction == Statistics.MultipleTestingCorrection.Holm ? "Holm" : o.Correction.ToString())} correction for the many rules tried (α = {f.Format(o.Alpha, ReportValueKind.Percent)}).",
            "A deal fits the ICP when its account meets every condition of at least one rule.",
            o.TreatDealsAsIndependent
                ? "Each rule's interval treats every deal as independent evidence; the differences on the confirmation deals are clustered by account."
                : "Each rule's interval is clustered by account, as in the segment table (deals of one account are not independent evidence), and so are the differences on the confirmation deals.",
        };
        var findings = new List<ReportFinding>();
        if (icp.Rules.Count == 0)
        {
            findings.Add(icp.Split.IsEvidenceThin
                ? new ReportFinding($"No rule lifts {measure} by more than chance after correcting for the rules tried, but the evidence is too thin to tell: {icp.Split.EvidenceNote}. "
                    + "Collect more deals (or accounts) before concluding either way.", "caution")
                : new ReportFinding($"No rule lifts {measure} by more than chance after correcting for the rules tried: these deals show no ideal customer profile at this size. "
                + "Do not target a segment on this evidence; collect more deals or other attributes.", "caution"));
        }
        else
        {
            if (icp.Split.EvidenceNote is { } thin) findings.Add(new ReportFinding(thin + ".", "caution"));
            foreach (IcpRule rule in icp.Rules)
            {
                findings.Add(new ReportFinding($"{Text(rule)}{Inside(rule, icp, TextOf)}: {f.Format(rule.Value, kind)} {PerUnit(icp.Measure)}"
                    + (rule.Lift is double lift ? $", {f.Format(lift, ReportValueKind.Ratio)} the rest" : "")
                    + $", {f.Format(rule.Yield.DealsPursued, ReportValueKind.Count)} deals ({f.Format(rule.Coverage, ReportValueKind.Percent)}); confirmed on deals the search did not see (adjusted {PText(rule.AdjustedPValue)})."));
            }
            findings.Add(new ReportFinding($"Together the rules take in {f.Format(icp.ShareOfDeals, ReportValueKind.Percent)} of deals, {f.Format(icp.ShareOfMargin, ReportValueKind.Percent)} of margin"
                + (icp.ShareOfEffort is double e ? $" and {f.Format(e, ReportValueKind.Percent)} of effort hours." : ".")));
        }

        ReportColumn[] columns =
        [
            new("rule", "Rule", ReportValueKind.Text),
            new("deals", "Deals", ReportValueKind.Count),
            new("coverage", "Share of deals", ReportValueKind.Percent),
            new("win_rate", "Win rate", ReportValueKind.Percent),
            new("value", Capital(measure), kind),
            ReportColumn.LowerBound("value_low", kind),
            ReportColumn.UpperBound("value_high", kind),
            new("lift", "Lift vs the rest", ReportValueKind.Ratio),
            new("confirmation_difference", "Difference on confirmation deals", kind) { IsDifference = true },
            ReportColumn.LowerBound("confirmation_difference_low", kind),
            ReportColumn.UpperBound("confirmation_difference_high", kind),
            new("p_value", "p", ReportValueKind.PValue),
            new("adjusted_p_value", "Adjusted p", ReportValueKind.PValue),
            new("significant", "In the ICP", ReportValueKind.Verdict),
        ];
        var rows = new List<IReadOnlyList<ReportCell>>();
        foreach (IcpRule r in icp.RankedRules)
        {
            rows.Add(
            [
                Text(r) + (r.NestedIn is { } parent ? $" (inside {TextOf(parent)})" : ""), r.Yield.DealsPursued, r.Coverage, r.Yield.WinRate, r.Value, r.ValueInterval?.Lower, r.ValueInterval?.Upper, r.Lift,
                r.ConfirmationDifference, r.ConfirmationDifferenceInterval.Lower, r.ConfirmationDifferenceInterval.Upper, r.PValue, r.AdjustedPValue,
                r.IsSignificant ? "passed" : "failed",
            ]);
        }
        var coverage = new ReportTable("icp-coverage", "What the ICP covers, and how fit deals compared on the deals it was built on",
            [
                new ReportColumn("group", "Deals", ReportValueKind.Text),
                new ReportColumn("deals", "Deals pursued", ReportValueKind.Count),
                new ReportColumn("share_of_deals", "Share of deals", ReportValueKind.Percent),
                new ReportColumn("win_rate", "Win rate", ReportValueKind.Percent),
                new ReportColumn("margin_per_deal", "Margin per deal pursued", ReportValueKind.Currency),
                new ReportColumn("margin_per_hour", "Margin per effort hour", ReportValueKind.Currency),
            ],
            [
                ["ICP fit", icp.FitYield.DealsPursued, icp.ShareOfDeals, icp.FitYield.WinRate, icp.FitYield.MarginPerDealPursued, icp.FitYield.MarginPerEffortHour],
                ["not ICP fit", icp.NonFitYield.DealsPursued, 1 - icp.ShareOfDeals, icp.NonFitYield.WinRate, icp.NonFitYield.MarginPerDealPursued, icp.NonFitYield.MarginPerEffortHour],
            ]);
        return new ReportSection(Id, Title)
        {
            Paragraphs = paragraphs,
            Findings = findings,
            Tables =
            [
                new ReportTable("icp-rules", "Candidate rules, best first (\"passed\": part of the ICP)", columns, rows) { IsDetail = true },
                coverage,
            ],
        };
    }

    /// <summary>" (the richer core of {broader rule})" for a rule nested in a rule of the profile, else "".</summary>
    private static string Inside(IcpRule rule, IdealCustomerProfile icp, Func<string, string> text) =>
        rule.NestedIn is { } parent && icp.Rules.Any(r => r.Text == parent) ? $" (the richer core of \"{text(parent)}\")" : "";

    private static string PerUnit(ProfitYield measure) => measure switch
    {
        ProfitYield.WinRate => "win rate",
        ProfitYield.MarginPerEffortHour => "per effort hour",
        _ => "per deal pursued",
    };

    /// <summary>"p &lt; 0.0001" or "p = 0.0123".</summary>
    internal static string PText(double p) => p < 0.0001 ? "p < 0.0001" : "p = " + p.ToString(p < 0.01 ? "0.0000" : "0.000", System.Globalization.CultureInfo.InvariantCulture);

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}

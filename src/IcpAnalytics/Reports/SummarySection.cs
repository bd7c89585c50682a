using System.Globalization;
using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;
using IcpAnalytics.Icp;

namespace IcpAnalytics.Reports;

/// <summary>
/// Builds the "Summary" section that opens the report: who the ICP is, how much more margin its deals bring per effort hour and
/// per deal than the rest, whether that held on later deals, where the next effort hours should go, and the caveats that matter
/// most — in plain words, each finding linked to the section that proves it. It only restates figures of the other sections.
/// </summary>
internal static class SummarySection
{
    public const string Id = "summary";
    public const string Title = "Summary";

    /// <summary>The topic of the caveat findings, which the HTML summary lists together.</summary>
    public const string CaveatTopic = "Caveat";

    /// <summary>The results the summary restates; any may be null when its section is missing.</summary>
    internal sealed record Inputs(
        DealSet Deals,
        IdealCustomerProfile? Icp,
        HoldoutValidation? Holdout,
        string? HoldoutCaveat,
        EffortEffects? Effects,
        EffortAllocation? Allocation,
        double? CostPerEffortHour,
        IReadOnlyList<ReportSection> Missing);

    /// <summary>How many allocation moves the summary names.</summary>
    private const int Moves = 2;

    public static ReportSection Build(Inputs x, ReportFormatter f)
    {
        bool onRevenue = x.Deals.YieldFallsBackToRevenue;
        string margin = onRevenue ? "revenue" : "margin";
        var findings = new List<ReportFinding>();

        // 1. Who the ICP is.
        IdealCustomerProfile? icp = x.Icp;
        if (icp is null)
        {
            findings.Add(new ReportFinding("No ideal customer profile could be searched on these deals (see the ICP section for why).") { Topic = "Who the ICP is", Link = IcpSection.Id });
        }
        else if (icp.Rules.Count == 0)
        {
            findings.Add(new ReportFinding("These deals show no ideal customer profile: no group of accounts yields clearly more than the rest. Do not target a segment on this evidence.", "caution")
            { Topic = "Who the ICP is", Link = IcpSection.Id });
        }
        else
        {
            string rules = string.Join("; ", icp.Rules.Select(r => MissingValueLabel.Rule(r, x.Deals)));
            findings.Add(new ReportFinding((icp.Rules.Count == 1 ? $"Accounts matching one rule: {rules}. " : $"Accounts matching any of {Count(icp.Rules.Count, "rule")}: {rules}. ")
                + $"They are {f.Format(icp.ShareOfDeals, ReportValueKind.Percent)} of deals and bring {f.Format(icp.ShareOfMargin, ReportValueKind.Percent)} of {margin}.")
            { Topic = "Who the ICP is", Link = IcpSection.Id });

            // 2. How much more.
            double? fitHour = icp.FitYield.MarginPerEffortHour, restHour = icp.NonFitYield.MarginPerEffortHour;
            string perHour = fitHour is double fh && restHour is double rh
                ? $"{f.Format(fh, ReportValueKind.Currency)} of {margin} per effort hour against {f.Format(rh, ReportValueKind.Currency)} for the rest"
                  + (rh > 0 ? $" ({f.Format(fh / rh, ReportValueKind.Ratio)})" : "") + ", and "
                : "";
            double fitDeal = icp.FitYield.MarginPerDealPursued, restDeal = icp.NonFitYield.MarginPerDealPursued;
            findings.Add(new ReportFinding($"ICP deals bring {perHour}{f.Format(fitDeal, ReportValueKind.Currency)} per deal pursued against {f.Format(restDeal, ReportValueKind.Currency)}"
                + (restDeal > 0 ? $" ({f.Format(fitDeal / restDeal, ReportValueKind.Ratio)})" : "")
                + $"; they win {f.Format(icp.FitYield.WinRate, ReportValueKind.Percent)} of deals against {f.Format(icp.NonFitYield.WinRate, ReportValueKind.Percent)}"
                + $" ({f.Format(icp.FitYield.WinRate - icp.NonFitYield.WinRate, ReportValueKind.PercentagePoints)}). These are the deals the profile was built on.")
            { Topic = "How much more they bring", Link = IcpSection.Id });
        }

        // 3. Did it hold on later deals?
        HoldoutValidation? v = x.Holdout;
        if (v is null)
        {
            ReportSection? missing = x.Missing.FirstOrDefault(s => s.Id == HoldoutSection.Id);
            findings.Add(new ReportFinding("Not tested on later deals: " + (missing?.MissingReason ?? "no holdout was run."), "caution") { Topic = "Did it hold on later deals?", Link = HoldoutSection.Id });
        }
        else
        {
            YieldDifference? main = v.MarginPerEffortHour ?? v.MarginPerDealPursued;
            string verdict = main is null ? "caution" : HoldoutSection.Verdict(main);
            string word = verdict switch
            {
                "passed" => "Yes, it held",
                "failed" => "No, it reversed",
                _ => "Not confirmed",
            };
            string when = v.Cutoff is DateOnly cut ? $" closed from {cut.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} on" : "";
            var parts = new List<string>();
            if (v.MarginPerEffortHour is YieldDifference h)
                parts.Add($"{f.Format(h.Fit, ReportValueKind.Currency)} per effort hour against {f.Format(h.NonFit, ReportValueKind.Currency)} (difference {f.WithInterval(h.Difference, h.DifferenceInterval.Lower, h.DifferenceInterval.Upper, ReportValueKind.Currency)})");
            if (v.MarginPerDealPursued is YieldDifference d)
                parts.Add($"{f.Format(d.Fit, ReportValueKind.Currency)} per deal against {f.Format(d.NonFit, ReportValueKind.Currency)}");
            if (v.WinRate is YieldDifference w)
                parts.Add($"a win rate of {f.Format(w.Fit, ReportValueKind.Percent)} against {f.Format(w.NonFit, ReportValueKind.Percent)} ({f.Format(w.Difference, ReportValueKind.PercentagePoints)})");
            string meaning = verdict switch
            {
                "passed" => "The profile is not an artefact of the deals it was built on.",
                "failed" => "Do not act on this profile.",
                _ => "The difference could be chance; treat the profile as a hypothesis.",
            };
            findings.Add(new ReportFinding($"{word}: on {f.Format(v.HoldoutDeals, ReportValueKind.Count)} later deals{when}, which the profile never saw, ICP deals brought "
                + string.Join(", ", parts) + ". " + meaning, verdict)
            { Topic = "Did it hold on later deals?", Link = HoldoutSection.Id });
        }

        // 4. Where the next effort hours should go.
        EffortAllocation? a = x.Allocation;
        if (a is null)
        {
            ReportSection? missing = x.Missing.FirstOrDefault(s => s.Id == EffortAllocationSection.Id);
            findings.Add(new ReportFinding("No allocation: " + (missing?.MissingReason ?? "the effort effects are missing."), null) { Topic = "Where the next effort hours should go", Link = EffortAllocationSection.Id });
        }
        else
        {
            string unit = a.Unit == EffortBudgetUnit.Hours ? "hours" : "units";
            var adds = a.Lines.Where(l => l.RecommendedSpend - l.TodaySpend >= 0.5).OrderByDescending(l => l.ExpectedGain).Take(Moves).ToList();
            var cuts = a.Lines.Where(l => l.TodaySpend - l.RecommendedSpend >= 0.5).OrderByDescending(l => l.TodaySpend - l.RecommendedSpend).Take(1).ToList();
            var moves = new List<string>();
            foreach (AllocationLine l in adds)
                moves.Add($"add {f.Format(l.RecommendedSpend - l.TodaySpend, ReportValueKind.Count)} {unit} of {l.Effort} in {Where(l.Segment, x.Effects)} ({Signed(l.ExpectedGain, f)})");
            foreach (AllocationLine l in cuts)
                moves.Add($"take {f.Format(l.TodaySpend - l.RecommendedSpend, ReportValueKind.Count)} {unit} of {l.Effort} from {Where(l.Segment, x.Effects)} ({Signed(l.ExpectedGain, f)})");
            bool sure = a.GainLower > 0;
            string gain = $"Expected gain in all: {f.WithInterval(a.ExpectedGain, a.GainLower, a.GainUpper, ReportValueKind.Currency)} of {margin}"
                + (sure ? "." : ", a range that includes a loss: try it on a few teams first.");
            string text = moves.Count == 0
                ? "Today's effort is already where the fitted returns are highest; no move is recommended. "
                : string.Join("; ", moves) + ". ";
            findings.Add(new ReportFinding($"Of {f.Format(a.Budget, ReportValueKind.Count)} effort {unit}, " + text + gain, sure ? "passed" : "caution")
            { Topic = "Where the next effort hours should go", Link = EffortAllocationSection.Id });
        }

        // 5. The caveats that matter most.
        foreach (ReportFinding caveat in Caveats(x, f).Take(3)) findings.Add(caveat);

        return new ReportSection(Id, Title)
        {
            Paragraphs = ["The answer first; every figure links to the section that shows how it was found. Terms are explained in the glossary at the end."],
            Findings = findings,
        };
    }

    /// <summary>Caveats, worst first: data problems, a profile that saw the later deals, failed and cautioned honesty checks, an uncertain gain.</summary>
    private static IEnumerable<ReportFinding> Caveats(Inputs x, ReportFormatter f)
    {
        const string topic = CaveatTopic;
        LoadReport load = x.Deals.LoadReport;
        if (load.RowsRejected > 0)
        {
            double share = load.RowsRead == 0 ? 0 : (double)load.RowsRejected / load.RowsRead;
            yield return new ReportFinding($"{f.Format(load.RowsRejected, ReportValueKind.Count)} of {f.Format(load.RowsRead, ReportValueKind.Count)} rows ({f.Format(share, ReportValueKind.Percent)}) were rejected and are in no figure; the data section says why and how to fix them.",
                share > 0.05 ? "failed" : "caution")
            { Topic = topic, Link = DataSection.Id };
        }
        if (x.HoldoutCaveat is not null)
            yield return new ReportFinding("The profile given may have seen the later deals, which flatters the later-deals test.", "caution") { Topic = topic, Link = HoldoutSection.Id };
        if (x.Effects is EffortEffects e)
        {
            var all = new List<SegmentEffects>(e.Segments);
            if (e.Segments.Count > 1) all.Add(e.Overall);
            List<HonestyCheck> checks = [.. all.SelectMany(s => s.Checks)];
            foreach (var group in checks.Where(c => c.Verdict != CheckVerdict.Passed)
                .GroupBy(c => (c.Verdict, c.Kind))
                .OrderByDescending(g => g.Key.Verdict).ThenByDescending(g => g.Count()).ThenBy(g => g.Key.Kind)
                .Take(2))
            {
                HonestyCheck first = group.First();
                string where = string.Join(", ", group.Select(c => c.Effort is null ? c.Segment : c.Segment + " · " + c.Effort).Distinct().Take(3))
                    + (group.Count() > 3 ? ", …" : "");
                yield return new ReportFinding($"{f.Format(group.Count(), ReportValueKind.Count)} of {f.Format(checks.Count, ReportValueKind.Count)} checks on the effort estimates: "
                    + $"{HonestyCheck.Title(first.Kind)} ({where}). {first.WhatToDo}", EffortEffectsSection.Verdict(group.Key.Verdict))
                { Topic = topic, Link = EffortEffectsSection.Id };
            }
        }
        if (x.Deals.EffortHours is null)
            yield return new ReportFinding("The data has no effort hours, so nothing here is per effort hour; load an effort-hours column to see the yield of sales time.", "caution") { Topic = topic, Link = DataSection.Id };
    }

    /// <summary>A segment named so it reads alone: a band such as "50–200" gets its attribute ("employees 50–200").</summary>
    private static string Where(string segment, EffortEffects? effects) =>
        effects?.SegmentedBy is string by && segment.Length > 0 && !char.IsLetter(segment[0]) && segment[0] != '(' ? by + " " + segment : segment;

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    private static string Signed(double gain, ReportFormatter f) => (gain > 0 ? "+" : "") + f.Format(gain, ReportValueKind.Currency);

    private static string Count(int n, string noun) => n switch
    {
        1 => "one " + noun,
        2 => "two " + noun + "s",
        3 => "three " + noun + "s",
        _ => n.ToString(CultureInfo.InvariantCulture) + " " + noun + "s",
    };
}

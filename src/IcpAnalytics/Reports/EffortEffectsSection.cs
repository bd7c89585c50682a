using System.Globalization;
using IcpAnalytics.CauseEffect;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Reports;

/// <summary>Renders <see cref="EffortEffects"/> as the "Effort effects per segment" section: adjusted beside naive, intervals, honesty checks with verdicts.</summary>
internal static class EffortEffectsSection
{
    public const string Id = "effects";
    public const string Title = "Effort effects per segment";

    public static string OutcomeText(EffortOutcome outcome) => outcome switch
    {
        EffortOutcome.MarginOnWonDeals => "gross margin on won deals",
        EffortOutcome.WinProbability => "the probability of winning",
        _ => "margin per opportunity (margin if won, 0 if lost)",
    };

    /// <summary>The outcome in words, naming the column of a column outcome.</summary>
    public static string OutcomeText(EffortEffects e) => e.Outcome == EffortOutcome.Column ? e.OutcomeName : OutcomeText(e.Outcome);

    public static ReportSection Build(EffortEffects e, ReportFormatter f)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        double z = Distributions.NormalCritical(e.ConfidenceLevel);
        ReportValueKind money = e.Outcome == EffortOutcome.WinProbability ? ReportValueKind.Percent : e.OutcomeIsMoney ? ReportValueKind.Currency : ReportValueKind.Number;
        var paragraphs = new List<string>
        {
            $"What one more unit of effort returns in {OutcomeText(e)}, estimated on {f.Format(e.Deals, ReportValueKind.Count)} deals"
            + (e.SegmentedBy is null ? "" : $", separately per {e.SegmentedBy}") + $". Returns diminish as effort grows ({TransformText(e.Transform)}); method: {e.Estimator}; "
            + $"held equal: {(e.Controls.Count == 0 ? "nothing" : string.Join(", ", e.Controls))}.",
            "The adjusted estimate controls for what drives both effort and margin (bigger deals get more meetings and bring more margin); the naive estimate does not. "
            + "Where they differ, the naive view misleads. The \"one more\" figures are the plain answer: what one more call, meeting or demo returns at the segment's current average; "
            + "the charts show the effect on the diminishing-returns scale (see \"Effect per step of effort\" in the glossary).",
        };
        var findings = new List<ReportFinding>();
        foreach (string w in e.Warnings) findings.Add(new ReportFinding(w, "caution"));
        foreach (string l in e.LeftOut) findings.Add(new ReportFinding("Left out: " + l));

        var all = new List<SegmentEffects>(e.Segments);
        if (e.Segments.Count > 1) all.Add(e.Overall);
        var checks = all.SelectMany(s => s.Checks).ToList();
        int passed = checks.Count(c => c.Verdict == CheckVerdict.Passed), caution = checks.Count(c => c.Verdict == CheckVerdict.Caution), failed = checks.Count(c => c.Verdict == CheckVerdict.Failed);
        if (checks.Count > 0)
        {
            findings.Add(new ReportFinding($"{f.Format(checks.Count, ReportValueKind.Count)} honesty checks: {f.Format(passed, ReportValueKind.Count)} passed, {f.Format(caution, ReportValueKind.Count)} caution, {f.Format(failed, ReportValueKind.Count)} failed"
                + (caution + failed > 0 ? "; the problems, each stated once:" : "."),
                failed > 0 ? "failed" : caution > 0 ? "caution" : "passed"));
        }
        // Each kind of problem once, with where it occurs, rather than one row per segment and effort.
        foreach (var group in checks.Where(c => c.Verdict != CheckVerdict.Passed).GroupBy(c => (c.Verdict, c.Kind))
            .OrderByDescending(g => g.Key.Verdict).ThenByDescending(g => g.Count()).ThenBy(g => g.Key.Kind))
        {
            HonestyCheck first = group.First();
            string[] where = [.. group.Select(c => c.Effort is null ? c.Segment : c.Segment + " · " + c.Effort).Distinct(StringComparer.Ordinal)];
            string whatToDo = group.GroupBy(c => c.WhatToDo, StringComparer.Ordinal).OrderByDescending(g => g.Count()).First().Key;
            findings.Add(new ReportFinding($"{Capital(HonestyCheck.Title(first.Kind))}, {f.Format(group.Count(), ReportValueKind.Count)} {(group.Count() == 1 ? "time" : "times")} ({string.Join(", ", where)}): "
                + $"{first.Meaning} What to do: {whatToDo}", Verdict(group.Key.Verdict)));
        }
        foreach (string effort in e.Efforts)
        {
            EffortEffect? overall = e.Overall.Effect(effort);
            if (overall is null) continue;
            findings.Add(new ReportFinding($"{Capital(effort)}, all segments: one more at today's average returns {f.WithInterval(overall.MarginalPerUnit, overall.MarginalPerUnitLower, overall.MarginalPerUnitUpper, money)}"
                + (overall.MarginalPerHour is double ph ? $" ({f.Format(ph, money)} per effort hour)" : "")
                + $"; without holding anything equal it would read {f.Format(overall.NaiveEstimate, money)} instead of {f.Format(overall.Estimate, money)} per step of effort."));
        }

        ReportColumn[] columns =
        [
            new("segment", "Segment", ReportValueKind.Text),
            new("effort", "Effort", ReportValueKind.Text),
            new("deals", "Deals", ReportValueKind.Count),
            new("adjusted", "Adjusted effect", money),
            ReportColumn.LowerBound("adjusted_low", money),
            ReportColumn.UpperBound("adjusted_high", money),
            new("shrunk", "Pooled (shrunk)", money),
            new("naive", "Naive effect", money),
            ReportColumn.LowerBound("naive_low", money),
            ReportColumn.UpperBound("naive_high", money),
            new("one_more", "One more, at today's average", money),
            ReportColumn.LowerBound("one_more_low", money),
            ReportColumn.UpperBound("one_more_high", money),
            new("per_hour", "Per effort hour", money),
            new("mean_effort", "Average effort per deal", ReportValueKind.Number),
            new("p_value", "p", ReportValueKind.PValue),
            new("verdict", "Worst check", ReportValueKind.Verdict),
            new("robustness_value", "Hidden confounder needed (robustness value)", ReportValueKind.Percent),
            new("overlap", "Overlap", ReportValueKind.Text),
            new("note", "Note", ReportValueKind.Text),
        ];
        var rows = new List<IReadOnlyList<ReportCell>>();
        foreach (SegmentEffects s in all)
        {
            if (!s.IsEstimable)
            {
                rows.Add([s.Segment, default, s.Deals, default, default, default, default, default, default, default, default, default, default, default, default, default, Verdict(s.WorstVerdict), default, default, "not estimable: " + s.NotEstimableReason]);
                continue;
            }
            foreach (EffortEffect x in s.Effects)
            {
                rows.Add([s.Segment, x.Effort, x.Deals, x.Estimate, x.Lower, x.Upper, x.ShrunkEstimate, x.NaiveEstimate, x.NaiveEstimate - z * x.NaiveStandardError, x.NaiveEstimate + z * x.NaiveStandardError,
                    x.MarginalPerUnit, x.MarginalPerUnitLower, x.MarginalPerUnitUpper, x.MarginalPerHour, x.MeanEffort, x.PValue,
                    Verdict(WorstFor(s, x.Effort)), x.Sensitivity?.RobustnessValue, OverlapText(x.Overlap), ""]);
            }
        }
        var checkRows = new List<IReadOnlyList<ReportCell>>();
        foreach (HonestyCheck c in checks.OrderBy(c => c.Verdict == CheckVerdict.Failed ? 0 : c.Verdict == CheckVerdict.Caution ? 1 : 2))
        {
            checkRows.Add([Verdict(c.Verdict), HonestyCheck.Title(c.Kind), c.Segment, c.Effort, c.Finding, c.Meaning, c.WhatToDo]);
        }
        var charts = new List<ReportChart>();
        foreach (string effort in e.Efforts)
        {
            var adjusted = new List<ChartPoint>();
            var naive = new List<ChartPoint>();
            foreach (SegmentEffects s in all)
            {
                EffortEffect? x = s.Effect(effort);
                string label = s.Segment;
                if (x is null || !s.IsEstimable)
                {
                    adjusted.Add(new ChartPoint(label, 0, null));
                    continue;
                }
                adjusted.Add(new ChartPoint(label, 0, x.Estimate, x.Lower, x.Upper));
                naive.Add(new ChartPoint(label, 0, x.NaiveEstimate, x.NaiveEstimate - z * x.NaiveStandardError, x.NaiveEstimate + z * x.NaiveStandardError));
            }
            charts.Add(new ReportChart("effects-chart-" + Html.Id(effort), $"Effect of {effort} on {OutcomeText(e)}, adjusted beside naive",
                ReportChartKind.Forest, $"Effect per step of {effort} ({StepText(e.Transform, effort)}), with 95% ranges", e.SegmentedBy ?? "Segment", money,
                [new ChartSeries("adjusted (controls)", adjusted), new ChartSeries("naive (no controls)", naive)])
            {
                Reference = 0,
                Caption = "Dots: adjusted estimates; squares: naive ones. An interval that crosses the dashed zero line means the effect may be nil.",
            });
        }
        return new ReportSection(Id, Title)
        {
            Paragraphs = paragraphs,
            Findings = findings,
            Charts = charts,
            Tables =
            [
                new ReportTable("effort-effects", "Effects per segment and effort (adjusted beside naive)", columns, rows) { IsDetail = true },
                new ReportTable("honesty-checks", "Every honesty check, problems first",
                    [
                        new ReportColumn("verdict", "Verdict", ReportValueKind.Verdict),
                        new ReportColumn("check", "Check", ReportValueKind.Text),
                        new ReportColumn("segment", "Segment", ReportValueKind.Text),
                        new ReportColumn("effort", "Effort", ReportValueKind.Text),
                        new ReportColumn("finding", "Finding", ReportValueKind.Text),
                        new ReportColumn("meaning", "What it means", ReportValueKind.Text),
                        new ReportColumn("what_to_do", "What to do", ReportValueKind.Text),
                    ], checkRows) { IsDetail = true },
            ],
        };

        static CheckVerdict WorstFor(SegmentEffects s, string effort)
        {
            CheckVerdict worst = CheckVerdict.Passed;
            foreach (HonestyCheck c in s.Checks)
            {
                if (c.Effort is not null && !string.Equals(c.Effort, effort, StringComparison.OrdinalIgnoreCase)) continue;
                if (c.Verdict > worst) worst = c.Verdict;
            }
            return worst;
        }
    }

    /// <summary>How effort enters the model, in words.</summary>
    internal static string TransformText(string transform) => transform switch
    {
        "log1p" => "effort is read on a log scale, log(1 + count)",
        "linear" => "here taken as straight-line: every unit returns the same",
        _ => "effort is read through " + transform,
    };

    /// <summary>What one step on the effect scale means for an effort.</summary>
    internal static string StepText(string transform, string effort) => transform switch
    {
        "log1p" => $"one step of log(1 + {effort}): from 0 to 1.7, or from 1.7 to 6.4",
        "linear" => $"one more {effort}",
        _ => $"one unit of {transform}({effort})",
    };

    internal static string Verdict(CheckVerdict verdict) => verdict switch
    {
        CheckVerdict.Failed => "failed",
        CheckVerdict.Caution => "caution",
        _ => "passed",
    };

    /// <summary>The overlap verdict of a 0/1 effort, and the deals kept when the estimate was restricted to common support.</summary>
    private static string OverlapText(OverlapDiagnostics? o) => o is null ? ""
        : o.RestrictedToCommonSupport
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{o.Verdict}; common support: {o.DealsKept:N0} of {o.DealsBefore:N0} deals kept")
            : o.Verdict.ToString();

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}

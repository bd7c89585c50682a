using IcpAnalytics.Icp;
using IcpAnalytics.Segments;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Reports;

/// <summary>
/// Renders the strategists' believed profile (<see cref="ProfitYieldReportOptions.StatedProfileRules"/>) beside the discovered one
/// as the "Believed ICP against the data's" section: the believed rules' yields with intervals, where the two profiles agree, what
/// the belief misses and what it includes wrongly (<see cref="ProfileAgreement"/>) in money per effort hour and per deal, and both
/// profiles' fit-against-non-fit gaps on the later deals neither saw.
/// </summary>
internal static class StatedProfileSection
{
    public const string Id = "stated-icp";
    public const string Title = "Believed ICP against the data's";

    /// <summary>What the section shows; the agreements and later-deal checks are null when there is no discovered profile or no holdout.</summary>
    public sealed record Inputs(IdealCustomerProfile Believed, IdealCustomerProfile? Discovered, HoldoutValidation? BelievedLater,
        HoldoutValidation? DiscoveredLater, ProfileAgreement? OnTraining, ProfileAgreement? OnLater, bool HasRevenue);

    public static ReportSection Build(Inputs x, ReportFormatter f)
    {
        IdealCustomerProfile believed = x.Believed;
        var words = new Words(x.HasRevenue, believed.YieldOnRevenue, believed.Measure);
        bool hours = believed.FitYield.MarginPerEffortHour is not null || believed.NonFitYield.MarginPerEffortHour is not null;
        var paragraphs = new List<string>
        {
            $"The profile the strategists believe in, \"{string.Join("\" or \"", believed.Rules.Select(r => r.Text))}\", is evaluated exactly like the one the data finds: "
            + $"on the same {f.Format(believed.TrainingDeals, ReportValueKind.Count)} deals, with intervals clustered by account, ranked by {words.Measure}, and tested on the same later deals. "
            + "It was stated before looking at these deals, so every deal tests it (no discovery/confirmation split); its rules are adjusted for their number (Holm) and all stay in the profile, backed or not.",
            "The deals are cut four ways: both profiles call them fit (where they agree), only the data's ICP does (what the belief misses), "
            + "only the belief does (what it includes that the data does not single out), and neither. Each group's yield has a 95% range counting deals of one account together.",
        };
        var findings = new List<ReportFinding>();
        foreach (IcpRule rule in believed.Rules)
        {
            string value = f.WithInterval(rule.Value, rule.ValueInterval?.Lower, rule.ValueInterval?.Upper, words.MeasureKind);
            string lift = rule.Lift is double l ? $", {f.Format(l, ReportValueKind.Ratio)} the rest" : "";
            findings.Add(rule.IsSignificant
                ? new ReportFinding($"Believed rule \"{rule.Text}\": {value} {words.PerUnit}{lift}, {f.Format(rule.Yield.DealsPursued, ReportValueKind.Count)} deals "
                    + $"({f.Format(rule.Coverage, ReportValueKind.Percent)}); the data backs it: it yields more than the rest beyond chance (adjusted {IcpSection.PText(rule.AdjustedPValue)}).", "passed")
                : new ReportFinding($"Believed rule \"{rule.Text}\": {value} {words.PerUnit}{lift}, {f.Format(rule.Yield.DealsPursued, ReportValueKind.Count)} deals "
                    + $"({f.Format(rule.Coverage, ReportValueKind.Percent)}); the data does not back it: it yields no more than the rest beyond chance (adjusted {IcpSection.PText(rule.AdjustedPValue)}).", "caution"));
        }
        ProfileAgreement? agreement = x.OnLater ?? x.OnTraining;
        if (x.Discovered is null)
        {
            findings.Add(new ReportFinding("The data's ICP could not be searched (see the ICP section), so the belief is shown on its own."));
        }
        else if (agreement is not null)
        {
            string on = x.OnLater is not null ? $"the {f.Format(agreement.Deals, ReportValueKind.Count)} later deals neither profile saw" : $"the {f.Format(agreement.Deals, ReportValueKind.Count)} deals both were built on";
            findings.Add(new ReportFinding(Agreement(agreement, x.Discovered, on, f)) { Topic = "Where they agree" });
            SegmentYield? missed = agreement.Group(ProfileAgreement.MissedLabel);
            SegmentYield? wrong = agreement.Group(ProfileAgreement.BelievedOnlyLabel);
            SegmentYield? both = agreement.Group(ProfileAgreement.BothLabel);
            SegmentYield? neither = agreement.Group(ProfileAgreement.NeitherLabel);
            findings.Add(missed is null
                ? new ReportFinding($"On {on}, the belief misses no deal the data's ICP marks fit.") { Topic = "What the belief misses" }
                : new ReportFinding($"{f.Format(missed.DealsPursued, ReportValueKind.Count)} deals the data's ICP marks fit are outside the belief; they yield {Yield(missed, words, f, hours)}"
                    + (neither is null ? "." : $", against {Value(neither, words, f, hours)} for the deals neither profile calls fit.")
                    + (Above(missed, neither, hours) ? " The belief leaves money on the table there." : ""), Above(missed, neither, hours) ? "caution" : null)
                { Topic = "What the belief misses" });
            findings.Add(wrong is null
                ? new ReportFinding($"On {on}, every deal the belief marks fit is in the data's ICP too.") { Topic = "What the belief includes wrongly" }
                : new ReportFinding($"{f.Format(wrong.DealsPursued, ReportValueKind.Count)} deals the belief marks fit are outside the data's ICP; they yield {Yield(wrong, words, f, hours)}"
                    + (both is null ? "." : $", against {Value(both, words, f, hours)} for the deals both profiles call fit.")
                    + (Above(both, wrong, hours) ? " They are included wrongly: they yield less than the deals both call fit, beyond chance." : ""), Above(both, wrong, hours) ? "caution" : null)
                { Topic = "What the belief includes wrongly" });
        }
        if (x.BelievedLater is { } bl)
        {
            YieldDifference? b = hours ? bl.MarginPerEffortHour : bl.MarginPerDealPursued;
            YieldDifference? d = x.DiscoveredLater is null ? null : hours ? x.DiscoveredLater.MarginPerEffortHour : x.DiscoveredLater.MarginPerDealPursued;
            ReportValueKind kind = words.MoneyKind;
            if (b is not null)
            {
                string verdict = HoldoutSection.Verdict(b);
                findings.Add(new ReportFinding($"On the {f.Format(bl.HoldoutDeals, ReportValueKind.Count)} later deals, the believed profile's fit deals yield {f.Format(b.Fit, kind)} {(hours ? "per effort hour" : "per deal pursued")} "
                    + $"against {f.Format(b.NonFit, kind)} for the rest: a gap of {f.WithInterval(b.Difference, b.DifferenceInterval.Lower, b.DifferenceInterval.Upper, kind)}"
                    + (d is null ? "" : $"; the data's ICP shows a gap of {f.WithInterval(d.Difference, d.DifferenceInterval.Lower, d.DifferenceInterval.Upper, kind)}")
                    + ". " + verdict switch
                    {
                        "passed" => "The belief holds on later deals.",
                        "failed" => "The belief's fit deals did worse on later deals: do not target on it.",
                        _ => "The belief's gap could be chance on later deals.",
                    }, verdict)
                { Topic = "On later deals" });
            }
            findings.Add(new ReportFinding($"The belief's fit deals are {f.Format(bl.FitShareOfDeals, ReportValueKind.Percent)} of later deals and bring {f.Format(bl.FitShareOfMargin, ReportValueKind.Percent)} of later {words.Money}"
                + (x.DiscoveredLater is { } dl ? $"; the data's ICP: {f.Format(dl.FitShareOfDeals, ReportValueKind.Percent)} of deals, {f.Format(dl.FitShareOfMargin, ReportValueKind.Percent)} of {words.Money}." : ".")));
        }

        var tables = new List<ReportTable> { RulesTable(believed, words) };
        if (x.OnLater is not null) tables.Add(GroupsTable("stated-agreement-later", "Later deals: believed against discovered ICP", x.OnLater, words, isDetail: false));
        if (x.OnTraining is not null)
            tables.Add(GroupsTable("stated-agreement", "Deals both profiles were built on: believed against discovered ICP", x.OnTraining, words, isDetail: x.OnLater is not null));
        if (x.BelievedLater is not null) tables.Add(HoldoutTable(x.BelievedLater, x.DiscoveredLater, words));
        return new ReportSection(Id, Title) { Paragraphs = paragraphs, Findings = findings, Tables = tables };
    }

    private static string Agreement(ProfileAgreement a, IdealCustomerProfile discovered, string on, ReportFormatter f)
    {
        int discoveredFit = a.BothDeals + a.MissedDeals, believedFit = a.BothDeals + a.BelievedOnlyDeals;
        string start = $"On {on}, both profiles call {f.Format(a.BothDeals, ReportValueKind.Count)} deals fit ({f.Format((double)a.BothDeals / a.Deals, ReportValueKind.Percent)}). ";
        if (discovered.Rules.Count == 0)
            return start + "The data finds no ICP (no rule lifts the yield beyond chance), so every deal the belief marks fit is one the data does not single out.";
        return start
            + (discoveredFit > 0 ? $"The belief covers {f.Format((double)a.BothDeals / discoveredFit, ReportValueKind.Percent)} of the {f.Format(discoveredFit, ReportValueKind.Count)} deals the data's ICP marks fit" : "The data's ICP marks no deal fit")
            + (believedFit > 0 ? $"; {f.Format((double)a.BothDeals / believedFit, ReportValueKind.Percent)} of the {f.Format(believedFit, ReportValueKind.Count)} deals the belief marks fit are in the data's ICP too." : "; the belief marks no deal fit.");
    }

    /// <summary>Whether <paramref name="high"/>'s yield is above <paramref name="low"/>'s beyond chance (their 95% ranges do not overlap).</summary>
    private static bool Above(SegmentYield? high, SegmentYield? low, bool hours)
    {
        if (high is null || low is null || high.IsSmall || low.IsSmall) return false;
        Interval? h = hours ? high.MarginPerEffortHourInterval : high.MarginPerDealPursuedInterval;
        Interval? l = hours ? low.MarginPerEffortHourInterval : low.MarginPerDealPursuedInterval;
        return h is { } hi && l is { } lo && hi.Lower > lo.Upper;
    }

    private static string Value(SegmentYield s, Words w, ReportFormatter f, bool hours) => hours && s.MarginPerEffortHour is double h
        ? $"{f.Format(h, w.MoneyKind)} per effort hour"
        : $"{f.Format(s.MarginPerDealPursued, w.MoneyKind)} per deal pursued";

    private static string Yield(SegmentYield s, Words w, ReportFormatter f, bool hours)
    {
        string perDeal = f.WithInterval(s.MarginPerDealPursued, s.MarginPerDealPursuedInterval?.Lower, s.MarginPerDealPursuedInterval?.Upper, w.MoneyKind) + " per deal pursued";
        if (!hours || s.MarginPerEffortHour is not double h) return perDeal;
        return f.WithInterval(h, s.MarginPerEffortHourInterval?.Lower, s.MarginPerEffortHourInterval?.Upper, w.MoneyKind) + " per effort hour and " + perDeal;
    }

    private static ReportTable RulesTable(IdealCustomerProfile believed, Words w) => new("stated-rules", "Believed rules on the deals the profiles were built on",
        [
            new ReportColumn("rule", "Believed rule", ReportValueKind.Text),
            new ReportColumn("deals", "Deals", ReportValueKind.Count),
            new ReportColumn("coverage", "Share of deals", ReportValueKind.Percent),
            new ReportColumn("win_rate", "Win rate", ReportValueKind.Percent),
            new ReportColumn("value", Capital(w.Measure), w.MeasureKind),
            ReportColumn.LowerBound("value_low", w.MeasureKind),
            ReportColumn.UpperBound("value_high", w.MeasureKind),
            new ReportColumn("lift", "Lift vs the rest", ReportValueKind.Ratio),
            new ReportColumn("p_value", "p", ReportValueKind.PValue),
            new ReportColumn("adjusted_p_value", "Adjusted p", ReportValueKind.PValue),
            new ReportColumn("backed", "Backed by the data", ReportValueKind.Verdict),
        ],
        [.. believed.Rules.Select(r => (IReadOnlyList<ReportCell>)[r.Text, r.Yield.DealsPursued, r.Coverage, r.Yield.WinRate, r.Value, r.ValueInterval?.Lower, r.ValueInterval?.Upper,
            r.Lift, r.PValue, r.AdjustedPValue, r.IsSignificant ? "passed" : "caution"])]);

    private static ReportTable GroupsTable(string id, string title, ProfileAgreement a, Words w, bool isDetail)
    {
        var rows = new List<IReadOnlyList<ReportCell>>();
        foreach (SegmentYield s in a.Yields.Segments.Append(a.Yields.Whole))
        {
            string label = ReferenceEquals(s, a.Yields.Whole) ? "all deals" : s.Segment;
            rows.Add([label, s.DealsPursued, (double)s.DealsPursued / a.Deals, s.WinRate,
                s.MarginPerDealPursued, s.MarginPerDealPursuedInterval?.Lower, s.MarginPerDealPursuedInterval?.Upper,
                s.MarginPerEffortHour, s.MarginPerEffortHourInterval?.Lower, s.MarginPerEffortHourInterval?.Upper, s.IsSmall ? "small" : ""]);
        }
        return new ReportTable(id, title,
            [
                new ReportColumn("group", "Group", ReportValueKind.Text),
                new ReportColumn("deals", "Deals pursued", ReportValueKind.Count),
                new ReportColumn("share_of_deals", "Share of deals", ReportValueKind.Percent),
                new ReportColumn("win_rate", "Win rate", ReportValueKind.Percent),
                new ReportColumn("margin_per_deal", Capital(w.Money) + " per deal pursued", w.MoneyKind),
                ReportColumn.LowerBound("margin_per_deal_low", w.MoneyKind),
                ReportColumn.UpperBound("margin_per_deal_high", w.MoneyKind),
                new ReportColumn("margin_per_hour", Capital(w.Money) + " per effort hour", w.MoneyKind),
                ReportColumn.LowerBound("margin_per_hour_low", w.MoneyKind),
                ReportColumn.UpperBound("margin_per_hour_high", w.MoneyKind),
                new ReportColumn("small", "Small?", ReportValueKind.Text),
            ], rows)
        { IsDetail = isDetail };
    }

    private static ReportTable HoldoutTable(HoldoutValidation believed, HoldoutValidation? discovered, Words w)
    {
        var rows = new List<IReadOnlyList<ReportCell>>();
        var kinds = new List<ReportValueKind>();
        foreach ((string name, YieldDifference? b, YieldDifference? d, ReportValueKind kind) in (ReadOnlySpan<(string, YieldDifference?, YieldDifference?, ReportValueKind)>)
        [
            ("win rate", believed.WinRate, discovered?.WinRate, ReportValueKind.Percent),
            (w.Money + " per deal pursued", believed.MarginPerDealPursued, discovered?.MarginPerDealPursued, w.MoneyKind),
            (w.Money + " per effort hour", believed.MarginPerEffortHour, discovered?.MarginPerEffortHour, w.MoneyKind),
        ])
        {
            if (b is null && d is null) continue;
            kinds.Add(kind);
            rows.Add([name, b?.Fit, b?.NonFit, b?.Difference, b?.DifferenceInterval.Lower, b?.DifferenceInterval.Upper, b?.PValue, b is null ? "not tested" : HoldoutSection.Verdict(b),
                d?.Difference, d?.DifferenceInterval.Lower, d?.DifferenceInterval.Upper]);
        }
        return new ReportTable("stated-holdout", "Later deals: the believed profile's fit against non-fit, beside the data's ICP",
            [
                new ReportColumn("measure", "Measure", ReportValueKind.Text),
                new ReportColumn("believed_fit", "Believed fit", ReportValueKind.ByRow),
                new ReportColumn("believed_non_fit", "Believed not fit", ReportValueKind.ByRow),
                new ReportColumn("believed_difference", "Believed gap", ReportValueKind.ByRow) { IsDifference = true },
                ReportColumn.LowerBound("believed_difference_low", ReportValueKind.ByRow),
                ReportColumn.UpperBound("believed_difference_high", ReportValueKind.ByRow),
                new ReportColumn("believed_p_value", "p", ReportValueKind.PValue),
                new ReportColumn("believed_verdict", "Verdict", ReportValueKind.Verdict),
                new ReportColumn("discovered_difference", "Discovered ICP's gap", ReportValueKind.ByRow) { IsDifference = true },
                ReportColumn.LowerBound("discovered_difference_low", ReportValueKind.ByRow),
                ReportColumn.UpperBound("discovered_difference_high", ReportValueKind.ByRow),
            ], rows)
        { RowKinds = kinds };
    }

    private static string Capital(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>The words and kinds of the yield: margin, revenue (no margin column) or wins (no revenue column: a lead export).</summary>
    private sealed class Words(bool hasRevenue, bool onRevenue, ProfitYield measure)
    {
        public string Money { get; } = !hasRevenue ? "wins" : onRevenue ? "revenue" : "margin";

        public ReportValueKind MoneyKind { get; } = hasRevenue ? ReportValueKind.Currency : ReportValueKind.Number;

        public string Measure { get; } = measure switch
        {
            ProfitYield.WinRate => "win rate",
            ProfitYield.MarginPerEffortHour => (!hasRevenue ? "wins" : onRevenue ? "revenue" : "margin") + " per effort hour",
            _ => !hasRevenue ? "win rate (wins per deal pursued)" : (onRevenue ? "revenue" : "margin") + " per deal pursued",
        };

        public ReportValueKind MeasureKind { get; } = measure == ProfitYield.WinRate ? ReportValueKind.Percent : hasRevenue ? ReportValueKind.Currency : ReportValueKind.Number;

        public string PerUnit { get; } = measure switch
        {
            ProfitYield.WinRate => "win rate",
            ProfitYield.MarginPerEffortHour => "per effort hour",
            _ => "per deal pursued",
        };
    }
}

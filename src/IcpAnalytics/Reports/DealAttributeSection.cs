using IcpAnalytics.Data;
using IcpAnalytics.Segments;

namespace IcpAnalytics.Reports;

/// <summary>
/// Builds the "How we sell: yield by deal attribute" section: the yield of each value of every deal attribute (product, lead source,
/// deal type — <see cref="AttributeRole.DealAttribute"/>), which the ICP search leaves out by default because they describe the
/// deal, not the customer. Also the roles table of the data section.
/// </summary>
internal static class DealAttributeSection
{
    public const string Id = "how-we-sell";
    public const string Title = "How we sell: yield by deal attribute";

    /// <summary>The section, or null when the deals have no deal attribute.</summary>
    public static ReportSection? Build(DealSet deals, ReportFormatter f)
    {
        IReadOnlyList<string> attributes = deals.AttributeRoles.DealAttributes;
        if (attributes.Count == 0 || deals.Count == 0) return null;
        bool perHour = deals.EffortHours is not null;
        ReportColumn[] columns =
        [
            new("attribute", "Deal attribute", ReportValueKind.Text),
            new("value", "Value", ReportValueKind.Text),
            new("deals_pursued", "Deals pursued", ReportValueKind.Count),
            new("win_rate", "Win rate", ReportValueKind.Percent),
            ReportColumn.LowerBound("win_rate_low", ReportValueKind.Percent),
            ReportColumn.UpperBound("win_rate_high", ReportValueKind.Percent),
            new("revenue_per_deal", deals.HasRevenue ? "Revenue won per deal pursued" : "Wins per deal pursued", ReportValueKind.Currency),
            new("margin_per_deal", "Margin per deal pursued", ReportValueKind.Currency),
            ReportColumn.LowerBound("margin_per_deal_low", ReportValueKind.Currency),
            ReportColumn.UpperBound("margin_per_deal_high", ReportValueKind.Currency),
            new("margin_per_hour", "Margin per effort hour", ReportValueKind.Currency),
            ReportColumn.LowerBound("margin_per_hour_low", ReportValueKind.Currency),
            ReportColumn.UpperBound("margin_per_hour_high", ReportValueKind.Currency),
            new("small", "Small?", ReportValueKind.Text),
        ];
        var rows = new List<IReadOnlyList<ReportCell>>();
        var findings = new List<ReportFinding>();
        foreach (string attribute in attributes)
        {
            DealSet on = deals.FindCategorical(attribute) is null ? deals.WithQuantileBands(attribute) : deals;
            SegmentYieldTable table = on.SegmentYield(attribute);
            SegmentYield? best = null;
            foreach (SegmentYield s in table.Segments)
            {
                rows.Add([attribute, MissingValueLabel.Segment(s, [attribute], on), s.DealsPursued, s.WinRate, s.WinRateInterval.Lower, s.WinRateInterval.Upper,
                    s.DealsPursued > 0 ? (double?)(s.Revenue / s.DealsPursued) : null,
                    s.MarginPerDealPursued, s.MarginPerDealPursuedInterval?.Lower, s.MarginPerDealPursuedInterval?.Upper,
                    s.MarginPerEffortHour, s.MarginPerEffortHourInterval?.Lower, s.MarginPerEffortHourInterval?.Upper,
                    s.IsSmall ? "small" : ""]);
                if (!s.IsSmall && (best is null || Value(s) > Value(best))) best = s;
            }
            if (best is not null)
                findings.Add(new ReportFinding($"By {attribute}, {MissingValueLabel.Segment(best, [attribute], on)} yields most: {f.Format(Value(best), ReportValueKind.Currency)} {(perHour ? "per effort hour" : "per deal pursued")} "
                    + $"(all deals {f.Format(Value(table.Whole), ReportValueKind.Currency)})."));
        }
        return new ReportSection(Id, Title)
        {
            Paragraphs =
            [
                $"Deal attributes describe how a deal was sold, not who the customer is: {string.Join(", ", attributes)}. The ICP search leaves them out by default "
                + "(a rule such as \"product = Pro\" would describe the price of what was sold, and its holdout would pass on revenue per deal circularly); "
                + "their yields are here, for the choice of what to sell and through which channel.",
                "Ranges count deals of one account together, as in the segment yield table.",
            ],
            Findings = findings,
            Tables = [new ReportTable("deal-attribute-yield", "Yield by deal attribute", columns, rows)],
        };

        double Value(SegmentYield s) => perHour ? s.MarginPerEffortHour ?? 0 : s.MarginPerDealPursued;
    }

    /// <summary>The data section's table of every column's role and reason.</summary>
    public static ReportTable RolesTable(DealSet deals) =>
        new("attribute-roles", "Attribute roles: what the ICP search uses",
            [
                new ReportColumn("column", "Column", ReportValueKind.Text),
                new ReportColumn("role", "Role", ReportValueKind.Text),
                new ReportColumn("reason", "Why", ReportValueKind.Text),
            ],
            [.. deals.AttributeRoles.All.Select(a => (IReadOnlyList<ReportCell>)[a.Column, AttributeRoles.RoleName(a.Role), a.Reason])]);
}

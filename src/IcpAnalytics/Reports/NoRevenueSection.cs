using System.Text.RegularExpressions;

namespace IcpAnalytics.Reports;

/// <summary>
/// The headers of a report built on deals without revenue (a lead or MQL export): every deal counts as 1, so what the
/// sections compute as "margin per deal pursued" is the win rate, "margin per effort hour" is wins per effort hour and a
/// "margin" or "revenue" total is a count of wins. This renames every column (key and label), row heading and chart label
/// that would say margin or revenue to what the figure is, and writes those figures as rates and counts rather than money.
/// The figures themselves are unchanged; deals with revenue never pass through here, so their reports stay as they are.
/// </summary>
internal static partial class NoRevenueSection
{
    // Columns whose new key, label and kind are known; every other column has its words replaced.
    private static readonly Dictionary<string, (string Key, string Label, ReportValueKind Kind)> Columns = new(StringComparer.Ordinal)
    {
        ["revenue_won"] = ("wins_counted", "Wins, counted 1 each", ReportValueKind.Count),
        ["revenue"] = ("wins_counted", "Wins, counted 1 each", ReportValueKind.Count),
        ["yield_won"] = ("wins_yield", "Wins (the yield)", ReportValueKind.Count),
        ["gross_margin"] = ("wins_yield", "Wins (the yield)", ReportValueKind.Count),
        ["margin_percent"] = ("yield_share", "Yield share of wins (always 100%)", ReportValueKind.Percent),
        ["margin_per_deal"] = ("wins_per_deal", "Wins per deal pursued (win rate)", ReportValueKind.Percent),
        ["margin_per_deal_shrunk"] = ("wins_per_deal_shrunk", "Shrunk win rate", ReportValueKind.Percent),
        ["margin_per_hour"] = ("wins_per_hour", "Wins per effort hour", ReportValueKind.Number),
        ["margin_cost"] = ("wins_cost", "Wins lost", ReportValueKind.Number),
        ["margin_lost"] = ("wins_lost", "Wins lost", ReportValueKind.Number),
        ["margin"] = ("wins", "Wins", ReportValueKind.Count),
    };

    /// <summary>The section with every header saying what its figure is when the deals have no revenue.</summary>
    public static ReportSection Relabel(ReportSection section)
    {
        if (section.Tables.Count == 0 && section.Charts.Count == 0) return section;
        return section with { Tables = [.. section.Tables.Select(Relabel)], Charts = [.. section.Charts.Select(Relabel)] };
    }

    private static ReportTable Relabel(ReportTable table)
    {
        var columns = new ReportColumn[table.Columns.Count];
        for (int i = 0; i < columns.Length; i++)
        {
            ReportColumn c = table.Columns[i];
            if (c.Role != ReportColumnRole.Value && i > 0)
            {
                // An interval bound: named after its value column, written as it is.
                ReportColumn value = columns[i - 1];
                string suffix = c.Key.EndsWith("_low", StringComparison.Ordinal) ? "_low" : c.Key.EndsWith("_high", StringComparison.Ordinal) ? "_high" : "";
                string key = suffix.Length > 0 && c.Key.StartsWith(table.Columns[i - 1].Key, StringComparison.Ordinal) ? value.Key + suffix : Key(c.Key);
                columns[i] = c with { Key = key, Label = Words(c.Label), Kind = c.Kind == ReportValueKind.Currency ? value.Kind : c.Kind };
                continue;
            }
            if (Columns.TryGetValue(c.Key, out var known))
            {
                columns[i] = c with { Key = known.Key, Label = known.Label, Kind = known.Kind };
            }
            else
            {
                string label = Words(c.Label);
                ReportValueKind kind = c.Kind != ReportValueKind.Currency ? c.Kind : Kind(label, ReportValueKind.Number);
                columns[i] = c with { Key = Key(c.Key), Label = label, Kind = kind };
            }
        }

        // Row headings of a table written by row ("revenue per deal pursued" in the holdout comparison) and their kinds.
        int measure = table.Columns.ToList().FindIndex(c => c.Key == "measure");
        IReadOnlyList<IReadOnlyList<ReportCell>> rows = table.Rows;
        IReadOnlyList<ReportValueKind> rowKinds = table.RowKinds;
        if (measure >= 0)
        {
            rows = [.. table.Rows.Select(r => (IReadOnlyList<ReportCell>)[.. r.Select((cell, k) => k == measure && cell.Text is string t ? new ReportCell(Words(t)) : cell)])];
            rowKinds = [.. table.RowKinds.Select((kind, r) => kind != ReportValueKind.Currency ? kind
                : Kind(r < table.Rows.Count && measure < table.Rows[r].Count ? Words(table.Rows[r][measure].Text ?? "") : "", ReportValueKind.Number))];
        }
        return table with { Title = Words(table.Title), Columns = columns, Rows = rows, RowKinds = rowKinds };
    }

    private static ReportChart Relabel(ReportChart chart)
    {
        string title = Words(chart.Title), y = Words(chart.YLabel), x = Words(chart.XLabel);
        bool grouped = chart.Kind == ReportChartKind.GroupedBars;
        ReportValueKind kind = chart.ValueKind != ReportValueKind.Currency ? chart.ValueKind : Kind(title + " " + x + " " + y, ReportValueKind.Number);
        return chart with
        {
            Title = title,
            XLabel = x,
            YLabel = y,
            ValueKind = kind,
            XValueKind = chart.XValueKind == ReportValueKind.Currency ? ReportValueKind.Number : chart.XValueKind,
            GroupValueKinds = [.. chart.GroupValueKinds.Select((k, g) => k != ReportValueKind.Currency ? k
                : Kind(grouped && chart.Series.Count > 0 && g < chart.Series[0].Points.Count ? Words(chart.Series[0].Points[g].Label ?? "") : "", ReportValueKind.Number))],
            ReferenceLabel = chart.ReferenceLabel is null ? null : Words(chart.ReferenceLabel),
            Caption = chart.Caption is null ? null : Words(chart.Caption),
            // The points of grouped bars are labelled with their measure ("Revenue per deal pursued"); other charts' point labels are data (segments).
            Series = [.. chart.Series.Select(s => s with { Name = Words(s.Name), Points = grouped ? [.. s.Points.Select(p => p with { Label = p.Label is null ? null : Words(p.Label) })] : s.Points })],
        };
    }

    /// <summary>A win rate reads as a percentage; wins per hour, effects on wins and counts of wins as numbers.</summary>
    private static ReportValueKind Kind(string label, ReportValueKind otherwise) =>
        label.Contains("win rate", StringComparison.OrdinalIgnoreCase) || label.Contains("per deal pursued", StringComparison.OrdinalIgnoreCase) ? ReportValueKind.Percent
        : label.Contains("per effort hour", StringComparison.OrdinalIgnoreCase) ? ReportValueKind.Number
        : otherwise == ReportValueKind.Percent ? ReportValueKind.Percent : ReportValueKind.Number;

    private static string Key(string key) => KeyWord().Replace(key, "wins");

    /// <summary>The words of a header with margin and revenue said as what they are without revenue: wins.</summary>
    internal static string Words(string text)
    {
        foreach ((string from, string to) in Phrases)
            text = text.Replace(from, to, StringComparison.Ordinal).Replace(Capital(from), Capital(to), StringComparison.Ordinal);
        return YieldWord().Replace(text, m => char.IsUpper(m.Value[0]) ? "Wins" : "wins");
    }

    private static readonly (string From, string To)[] Phrases =
    [
        ("margin per opportunity (margin if won, 0 if lost)", "wins per opportunity (1 if won, 0 if lost)"),
        ("gross margin on won deals", "wins"),
        ("margin per deal pursued", "wins per deal pursued (win rate)"),
        ("revenue per deal pursued", "wins per deal pursued (win rate)"),
        ("revenue won per deal pursued", "wins per deal pursued (win rate)"),
        ("shrunk margin per deal", "shrunk win rate"),
        ("revenue (as margin)", "wins"),
        ("yield (revenue) won", "wins"),
        ("gross margin", "wins"),
        ("profit yield", "win yield"),
    ];

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    [GeneratedRegex(@"\b(?:[Mm]argin|[Rr]evenue)\b")]
    private static partial Regex YieldWord();

    [GeneratedRegex(@"margin|revenue")]
    private static partial Regex KeyWord();
}

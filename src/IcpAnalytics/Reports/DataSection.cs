using System.Globalization;
using IcpAnalytics.Data;

namespace IcpAnalytics.Reports;

/// <summary>Builds the "The data" section: what was loaded, what was rejected and why, and the whole set's key figures.</summary>
internal static class DataSection
{
    public const string Id = "data";

    /// <summary>The file name of a source that is a path (reports get forwarded; a folder can name a person or a client), else the source as it is.</summary>
    internal static string FileName(string source)
    {
        if (source.IndexOfAny(['/', '\\']) < 0) return source;
        string name = Path.GetFileName(source.TrimEnd('/', '\\'));
        return name.Length == 0 ? source : name;
    }

    /// <summary>"Account attributes (searched for the ICP): …; deal attributes (how we sell): …; 5 columns excluded (…)."</summary>
    internal static string RolesSentence(DealSet deals)
    {
        AttributeRoles roles = deals.AttributeRoles;
        IReadOnlyList<string> account = roles.AccountAttributes;
        IReadOnlyList<string> deal = roles.DealAttributes;
        var excluded = roles.Excluded.Where(e => !e.Reason.StartsWith("the ", StringComparison.Ordinal) && !e.Reason.StartsWith("an effort", StringComparison.Ordinal)).Select(e => e.Column).ToList();
        string text = "Account attributes (searched for the ICP): " + (account.Count == 0 ? "none" : string.Join(", ", account));
        if (deal.Count > 0) text += "; deal attributes (how we sell, not searched): " + string.Join(", ", deal);
        if (excluded.Count > 0) text += "; excluded: " + string.Join(", ", excluded) + " (the roles table says why)";
        return text + ".";
    }

    public static ReportSection Build(DealSet deals, ProfitYieldReportOptions options, DateOnly? holdoutAfter)
    {
        LoadReport load = deals.LoadReport;
        CultureInfo inv = CultureInfo.InvariantCulture;
        var f = new ReportFormatter(options.Culture, options.CurrencySymbol);

        // One pass over the columns: won count, revenue and yield of won deals, effort hours of all deals.
        int n = deals.Count;
        int won = 0;
        double wonRevenue = 0, wonYield = 0, hours = 0;
        int hoursMissing = 0;
        NumericColumn revenue = deals.Revenue;
        NumericColumn yieldAmount = deals.YieldAmount;
        NumericColumn? effortHours = deals.EffortHours;
        for (int i = 0; i < n; i++)
        {
            if (effortHours is not null)
            {
                double h = effortHours[i];
                if (double.IsNaN(h)) hoursMissing++;
                else hours += h;
            }
            if (!deals.IsWon(i)) continue;
            won++;
            wonRevenue += revenue[i];
            double y = yieldAmount[i];
            if (!double.IsNaN(y)) wonYield += y;
        }
        (DateOnly? first, DateOnly? last) = deals.DateRange();

        var paragraphs = new List<string>
        {
            $"{f.Format(load.RowsRead, ReportValueKind.Count)} rows were read from {FileName(load.Source)}: {f.Format(load.RowsLoaded, ReportValueKind.Count)} loaded as closed deals, "
            + $"{f.Format(load.OpenDealsSetAside, ReportValueKind.Count)} still-open deals set aside, {f.Format(load.RowsRejected, ReportValueKind.Count)} rejected.",
            $"The report covers {f.Format(n, ReportValueKind.Count)} closed deals ({f.Format(won, ReportValueKind.Count)} won, {f.Format(n - won, ReportValueKind.Count)} lost)"
            + (first is null ? "." : $", closed {first.Value.ToString("yyyy-MM-dd", inv)} to {last!.Value.ToString("yyyy-MM-dd", inv)}."),
            deals.YieldFallsBackToRevenue
                ? "The data has no gross margin, so every yield measure in this report uses revenue instead: read \"margin\" as revenue throughout."
                : "Yield measures use gross margin of won deals; lost deals count as pursued with no margin.",
            (deals.Efforts.Count == 0 ? "No effort counts (meetings, demos, calls) are in the data" : "Effort counts: " + string.Join(", ", deals.Efforts.Select(e => e.Name)))
            + (effortHours is null ? "; no effort hours, so per-hour measures are absent (not zero)." : $"; effort hours from '{effortHours.Name}'.")
            + " " + RolesSentence(deals),
        };
        if (holdoutAfter is DateOnly cut)
        {
            int before = 0, after = 0, undated = 0;
            int cutDay = cut.DayNumber;
            for (int i = 0; i < n; i++)
            {
                DateOnly? d = deals.ClosedOn(i);
                if (d is null) undated++;
                else if (d.Value.DayNumber < cutDay) before++;
                else after++;
            }
            paragraphs.Add($"Holdout split at {cut.ToString("yyyy-MM-dd", inv)}: {f.Format(before, ReportValueKind.Count)} deals closed before it are used to build the profile; "
                + $"{f.Format(after, ReportValueKind.Count)} closed on or after it are held out to test it"
                + (undated > 0 ? $"; {f.Format(undated, ReportValueKind.Count)} without a close date are in neither." : "."));
        }

        var findings = new List<ReportFinding>();
        foreach (string note in load.Notes) findings.Add(new ReportFinding(note));
        if (load.RowsRejected > 0)
        {
            double share = load.RowsRead == 0 ? 0 : (double)load.RowsRejected / load.RowsRead;
            findings.Add(new ReportFinding(
                $"{f.Format(load.RowsRejected, ReportValueKind.Count)} rows ({f.Format(share, ReportValueKind.Percent)} of those read) were rejected and are not in any figure below; the reasons and how to fix them are listed.",
                share > 0.05 ? "caution" : null));
        }
        if (effortHours is not null && hoursMissing > 0)
            findings.Add(new ReportFinding($"{f.Format(hoursMissing, ReportValueKind.Count)} deals have no effort hours; per-hour measures count them as pursued with unknown effort (left out of the hours total).", "caution"));

        double? winRate = n == 0 ? null : (double)won / n;
        double? perDeal = n == 0 ? null : wonYield / n;
        double? perHour = effortHours is null || hours <= 0 ? null : wonYield / hours;
        var overview = new ReportTable("data-overview", "Key figures of all closed deals",
            [
                new ReportColumn("deals", "Deals pursued", ReportValueKind.Count),
                new ReportColumn("won", "Won", ReportValueKind.Count),
                new ReportColumn("win_rate", "Win rate", ReportValueKind.Percent),
                new ReportColumn("revenue_won", "Revenue won", ReportValueKind.Currency),
                new ReportColumn("yield_won", deals.YieldFallsBackToRevenue ? "Yield (revenue) won" : "Gross margin won", ReportValueKind.Currency),
                new ReportColumn("effort_hours", "Effort hours", ReportValueKind.Count),
                new ReportColumn("margin_per_deal", "Margin per deal pursued", ReportValueKind.Currency),
                new ReportColumn("margin_per_hour", "Margin per effort hour", ReportValueKind.Currency),
                new ReportColumn("first_close", "First close", ReportValueKind.Text),
                new ReportColumn("last_close", "Last close", ReportValueKind.Text),
            ],
            [[n, won, winRate, wonRevenue, wonYield, effortHours is null ? (double?)null : hours, perDeal, perHour,
              first?.ToString("yyyy-MM-dd", inv), last?.ToString("yyyy-MM-dd", inv)]]);

        var loadTable = new ReportTable("data-load", "Rows read, loaded, set aside and rejected",
            [
                new ReportColumn("source", "Source", ReportValueKind.Text),
                new ReportColumn("rows_read", "Rows read", ReportValueKind.Count),
                new ReportColumn("rows_loaded", "Loaded", ReportValueKind.Count),
                new ReportColumn("open_set_aside", "Open deals set aside", ReportValueKind.Count),
                new ReportColumn("rows_rejected", "Rejected", ReportValueKind.Count),
            ],
            [[FileName(load.Source), load.RowsRead, load.RowsLoaded, load.OpenDealsSetAside, load.RowsRejected]]);

        var tables = new List<ReportTable> { overview, loadTable };
        if (deals.AttributeRoles.All.Count > 0) tables.Add(DealAttributeSection.RolesTable(deals));
        if (load.RowsRejected > 0)
        {
            var groups = new Dictionary<(string Column, string Reason), (int Count, string Fix, long FirstLine)>();
            foreach (RejectedRow r in load.Rejected)
            {
                var key = (r.Column ?? "(whole row)", r.Reason);
                groups[key] = groups.TryGetValue(key, out var g) ? (g.Count + 1, g.Fix, g.FirstLine) : (1, r.Fix, r.Line);
            }
            var reasonRows = groups
                .OrderByDescending(kv => kv.Value.Count).ThenBy(kv => kv.Value.FirstLine)
                .Select(kv => (IReadOnlyList<ReportCell>)[kv.Key.Reason, kv.Key.Column, kv.Value.Count, (double)kv.Value.FirstLine, kv.Value.Fix])
                .ToArray();
            tables.Add(new ReportTable("rejected-reasons", "Why rows were rejected",
                [
                    new ReportColumn("reason", "Reason", ReportValueKind.Text),
                    new ReportColumn("column", "Column", ReportValueKind.Text),
                    new ReportColumn("rows", "Rows", ReportValueKind.Count),
                    new ReportColumn("first_line", "First line", ReportValueKind.Count),
                    new ReportColumn("fix", "How to fix", ReportValueKind.Text),
                ], reasonRows));

            int listed = (int)Math.Min(options.MaxRejectedRowsListed, load.RowsRejected);
            var rowColumns = new List<ReportColumn>
            {
                new("line", "Line", ReportValueKind.Count),
                new("column", "Column", ReportValueKind.Text),
                new("reason", "Reason", ReportValueKind.Text),
            };
            if (options.ShowRejectedRawValues) rowColumns.Add(new ReportColumn("raw_value", "Value read", ReportValueKind.Text));
            var rows = new List<IReadOnlyList<ReportCell>>(listed);
            for (int i = 0; i < listed; i++)
            {
                RejectedRow r = load.Rejected[i];
                var row = new List<ReportCell> { (double)r.Line, r.Column ?? "(whole row)", r.Reason };
                if (options.ShowRejectedRawValues) row.Add(r.RawValue);
                rows.Add(row);
            }
            if (listed > 0)
            {
                tables.Add(new ReportTable("rejected-rows",
                    listed < load.RowsRejected ? $"The first {f.Format(listed, ReportValueKind.Count)} of {f.Format(load.RowsRejected, ReportValueKind.Count)} rejected rows" : "Rejected rows",
                    rowColumns, rows));
            }
        }

        return new ReportSection(Id, "The data")
        {
            Paragraphs = paragraphs,
            Findings = findings,
            Tables = tables,
        };
    }
}

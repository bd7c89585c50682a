using System.Globalization;

namespace IcpAnalytics.Data;

/// <summary>
/// A value that loads but is unlikely to be true (margin above revenue, revenue 0, a close date in the future …): the row is
/// loaded and the warning listed in the <see cref="LoadReport"/>, unless <see cref="DealLoadOptions.StrictPlausibility"/> makes it a reject.
/// </summary>
/// <param name="Line">The 1-based line in the file (the record number for objects and database readers).</param>
/// <param name="Column">The column at fault.</param>
/// <param name="Reason">Why the value is implausible, in words (never the value itself).</param>
/// <param name="Fix">What to check or do.</param>
public sealed record LoadWarning(long Line, string Column, string Reason, string Fix);

/// <summary>The limits beyond which a loaded value is flagged as implausible (see <see cref="LoadWarning"/>).</summary>
public sealed record PlausibilityLimits
{
    /// <summary>A deal amount above this is flagged as absurd for one deal.</summary>
    /// <value>The default is 1e12 (a trillion in the file's currency).</value>
    public double RevenueCeiling { get; init; } = 1e12;

    /// <summary>Effort hours on one deal above this are flagged.</summary>
    /// <value>The default is 5,000 hours (about two and a half working years on one deal).</value>
    public double EffortHoursCeiling { get; init; } = 5_000;

    /// <summary>An effort count (calls, meetings …) on one deal above this is flagged.</summary>
    /// <value>The default is 10,000.</value>
    public double EffortCountCeiling { get; init; } = 10_000;

    /// <summary>
    /// How far a close date may lie outside the file's usual range: dates more than this many times the interquartile range of the
    /// close dates (at least a year) before the first quartile or after the third are flagged.
    /// </summary>
    /// <value>The default is 3.</value>
    public double DateRangeFactor { get; init; } = 3;

    /// <summary>The day a close date is "in the future" after; null takes today's date (UTC) when loading.</summary>
    /// <value>The default is null (today). Set it for reproducible reports of old exports.</value>
    public DateOnly? Today { get; init; }
}

/// <summary>Finds the implausible values of a loaded deal set, once every row is read (date ranges and ids need them all).</summary>
internal static class Plausibility
{
    public static List<LoadWarning> Check(DealSetBuilder builder, DealLoadOptions options)
    {
        PlausibilityLimits limits = options.Plausibility;
        LoadSchema schema = builder.Schema;
        var warnings = new List<LoadWarning>();
        int n = builder.Count;
        long[] lines = builder.Lines.ToArray();
        byte[] won = builder.Won.ToArray();
        CultureInfo inv = CultureInfo.InvariantCulture;
        double[]? revenue = null, margin = null;
        string revenueName = "", marginName = "";
        for (int k = 0; k < schema.NumericFields.Length; k++)
        {
            NumericField f = schema.NumericFields[k];
            double[] data = builder.Numbers[k].ToArray();
            switch (f.Role)
            {
                case NumericRole.Revenue:
                    revenue = data;
                    revenueName = f.Name;
                    break;
                case NumericRole.Margin:
                    margin = data;
                    marginName = f.Name;
                    break;
            }
        }
        var perRow = new List<LoadWarning>[n];
        void Add(int row, string column, string reason, string fix) => (perRow[row] ??= []).Add(new LoadWarning(lines[row], column, reason, fix));

        for (int k = 0; k < schema.NumericFields.Length; k++)
        {
            NumericField f = schema.NumericFields[k];
            double[] data = builder.Numbers[k].ToArray();
            for (int i = 0; i < n; i++)
            {
                double v = data[i];
                if (double.IsNaN(v)) continue;
                switch (f.Role)
                {
                    case NumericRole.Revenue when v == 0:
                        Add(i, f.Name, "The revenue is 0: a closed deal with no amount.", "Give the amount pursued (for a lost deal too), or remove the row if it is no deal.");
                        break;
                    case NumericRole.Revenue when v > limits.RevenueCeiling:
                        Add(i, f.Name, string.Create(inv, $"The revenue is above {limits.RevenueCeiling:G3}, absurd for one deal."), "Check the export (a unit or a decimal separator may be wrong), or raise PlausibilityLimits.RevenueCeiling.");
                        break;
                    case NumericRole.Margin when won[i] != 0 && revenue is not null && v > revenue[i]:
                        Add(i, f.Name, "The gross margin is above the revenue on a won deal.", $"Check that '{f.Name}' holds the margin and '{revenueName}' the amount of the same deal.");
                        break;
                    case NumericRole.Margin when won[i] == 0 && v != 0:
                        Add(i, f.Name, "A lost deal carries a gross margin; it is ignored (a lost deal counts with no margin).", "Leave the margin of lost deals empty or 0, or check the outcome.");
                        break;
                    case NumericRole.Discount when v < 0 || v > 1:
                        Add(i, f.Name, "The discount is outside 0–100 % (it is read as a fraction: 0.15 = 15 %).", "Give discounts as fractions from 0 to 1; a column in percent (15 = 15 %) should be divided by 100.");
                        break;
                    case NumericRole.EffortHours when v > limits.EffortHoursCeiling:
                        Add(i, f.Name, string.Create(inv, $"The effort hours are above {limits.EffortHoursCeiling:N0} on one deal."), "Check the unit (minutes instead of hours?), or raise PlausibilityLimits.EffortHoursCeiling.");
                        break;
                    case NumericRole.Effort when v > limits.EffortCountCeiling:
                        Add(i, f.Name, string.Create(inv, $"The effort count is above {limits.EffortCountCeiling:N0} on one deal."), "Check the export, or raise PlausibilityLimits.EffortCountCeiling.");
                        break;
                }
            }
        }

        if (schema.ClosedDate is SourceField dateField)
        {
            int[] days = builder.ClosedDays.ToArray();
            var dated = new List<int>(n);
            for (int i = 0; i < n; i++)
            {
                if (days[i] != DealSet.MissingDay) dated.Add(days[i]);
            }
            if (dated.Count > 0)
            {
                dated.Sort();
                int q1 = dated[(int)((dated.Count - 1) * 0.25)], q3 = dated[(int)((dated.Count - 1) * 0.75)];
                double spread = limits.DateRangeFactor * Math.Max(q3 - q1, 365);
                int today = (limits.Today ?? DateOnly.FromDateTime(DateTime.UtcNow)).DayNumber;
                for (int i = 0; i < n; i++)
                {
                    int d = days[i];
                    if (d == DealSet.MissingDay) continue;
                    if (d > today)
                        Add(i, dateField.Name, "The close date is in the future, on a closed deal.", "Check the date (a day-month swap or a typo in the year), or set PlausibilityLimits.Today for an export dated ahead.");
                    else if (d < q1 - spread || d > q3 + spread)
                        Add(i, dateField.Name, string.Create(inv, $"The close date is far outside the file's range (most deals close {DateOnly.FromDayNumber(q1):yyyy-MM-dd} to {DateOnly.FromDayNumber(q3):yyyy-MM-dd})."), "Check the year (1900 or 2099 often stand in for an unknown date); leave an unknown date empty.");
                }
            }
        }

        if (builder.DealIds.Count == n && schema.DealId is SourceField idField)
        {
            string[] ids = builder.DealIds.ToArray();
            var first = new Dictionary<string, int>(n, LooseIdComparer.Instance);
            for (int i = 0; i < n; i++)
            {
                if (!first.TryAdd(ids[i], i))
                    Add(i, idField.Name, string.Create(inv, $"The deal id equals the id on line {lines[first[ids[i]]]} up to case or whitespace."), "Check whether both rows are the same deal; if so remove one, else give distinct ids.");
            }
        }

        foreach (List<LoadWarning>? row in perRow)
        {
            if (row is not null) warnings.AddRange(row);
        }
        return warnings;
    }

    /// <summary>A short note per kind of warning, with its count and first lines, for the load report's notes and the report's data section.</summary>
    public static IEnumerable<string> Notes(IReadOnlyList<LoadWarning> warnings, bool strict)
    {
        foreach (IGrouping<string, LoadWarning> kind in warnings.GroupBy(w => KindOf(w.Reason)))
        {
            int count = kind.Count();
            string lines = string.Join(", ", kind.Take(5).Select(w => w.Line.ToString(CultureInfo.InvariantCulture))) + (count > 5 ? ", …" : "");
            yield return string.Create(CultureInfo.InvariantCulture,
                $"{(strict ? "rejected as implausible" : "implausible, loaded")}: {kind.Key.TrimStart()} ({count:N0} row{(count == 1 ? "" : "s")}, column '{kind.First().Column}', line{(count == 1 ? "" : "s")} {lines})");
        }
    }

    private static string KindOf(string reason)
    {
        int cut = reason.IndexOfAny(['(', ',', ';', ':']);
        int line = reason.IndexOf(" on line", StringComparison.Ordinal);
        if (line >= 0 && (cut < 0 || line < cut)) cut = line;
        return (cut < 0 ? reason : reason[..cut]).TrimEnd(' ', '.');
    }

    /// <summary>Compares deal ids ignoring case and whitespace ("D 1" equals "d1").</summary>
    private sealed class LooseIdComparer : IEqualityComparer<string>
    {
        public static readonly LooseIdComparer Instance = new();

        public bool Equals(string? x, string? y)
        {
            if (x is null || y is null) return x == y;
            int i = 0, j = 0;
            while (true)
            {
                while (i < x.Length && char.IsWhiteSpace(x[i])) i++;
                while (j < y.Length && char.IsWhiteSpace(y[j])) j++;
                if (i == x.Length || j == y.Length) return i == x.Length && j == y.Length;
                if (char.ToUpperInvariant(x[i]) != char.ToUpperInvariant(y[j])) return false;
                i++;
                j++;
            }
        }

        public int GetHashCode(string obj)
        {
            var hash = new HashCode();
            foreach (char c in obj)
            {
                if (!char.IsWhiteSpace(c)) hash.Add(char.ToUpperInvariant(c));
            }
            return hash.ToHashCode();
        }
    }
}

using System.Globalization;

namespace IcpAnalytics.Data;

/// <summary>
/// How the dates of one column are written, inferred from all of the column's values (never row by row): the layout that most
/// rows share (ISO yyyy-MM-dd; year first with another separator; day and month before the year; or with a month name), and for
/// day/month/year layouts whether the day or the month comes first, decided by the values above 12. A row written in another
/// layout than its column's is rejected with the line and the fix; a column whose day/month order no value decides is refused
/// with a request for the format.
/// </summary>
internal static class DateColumnFormat
{
    // A token packs a cell's layout, the digit counts of its three numbers and the numbers:
    // layout << 56 | widths << 48 | first << 32 | second << 16 | third.
    // For Typed and Named layouts the low 32 bits hold the day number (offset by DayOffset to stay positive).
    internal const long Missing = 0;
    private const long DayOffset = 1L << 31;

    internal enum Layout : byte
    {
        None = 0,
        Typed = 1,
        Iso = 2,
        YearFirstDash = 3,
        YearFirstSlash = 4,
        YearFirstDot = 5,
        DayMonthDash = 6,
        DayMonthSlash = 7,
        DayMonthDot = 8,
        Named = 9,
        Unreadable = 10,
    }

    /// <summary>The column's decided layout and, for day/month layouts, whether the day comes first.</summary>
    internal readonly record struct Decision(Layout Layout, bool DayFirst, string Description);

    internal static long Typed(int day) => ((long)Layout.Typed << 56) | (day + DayOffset);

    internal static Layout LayoutOf(long token) => (Layout)(byte)(token >>> 56);

    /// <summary>Reads a cell's layout and numbers; Unreadable when it is no date in any layout.</summary>
    internal static long Tokenize(ReadOnlySpan<char> text, CultureInfo culture)
    {
        text = text.Trim();
        // Drop a time of day after the date ("2025-03-31T10:00", "31/03/2025 10:00").
        int cut = text.IndexOfAny('T', ' ');
        ReadOnlySpan<char> date = cut > 0 && char.IsDigit(text[cut - 1]) ? text[..cut] : text;
        if (TrySplit(date, out char sep, out ReadOnlySpan<char> a, out ReadOnlySpan<char> b, out ReadOnlySpan<char> c)
            && Digits(a, out int x) && Digits(b, out int y) && Digits(c, out int z))
        {
            int sepIndex = sep switch { '-' => 0, '/' => 1, _ => 2 };
            int widths = (a.Length << 5) | (b.Length << 3) | c.Length;
            if (a.Length == 4 && b.Length is 1 or 2 && c.Length is 1 or 2)
            {
                Layout layout = sep == '-' && b.Length == 2 && c.Length == 2 ? Layout.Iso : (Layout)((int)Layout.YearFirstDash + sepIndex);
                return Pack(layout, widths, x, y, z);
            }
            if (c.Length == 4 && a.Length is 1 or 2 && b.Length is 1 or 2)
                return Pack((Layout)((int)Layout.DayMonthDash + sepIndex), widths, x, y, z);
            return Pack(Layout.Unreadable, 0, 0, 0, 0);
        }
        // A month written as a word ("5 Mar 2024", "March 5, 2024") is unambiguous in the culture's language.
        foreach (char ch in text)
        {
            if (char.IsLetter(ch))
            {
                if (DateTime.TryParse(text, culture, DateTimeStyles.AllowWhiteSpaces, out DateTime parsed) && HasYear(text))
                    return ((long)Layout.Named << 56) | (DateOnly.FromDateTime(parsed).DayNumber + DayOffset);
                break;
            }
        }
        return Pack(Layout.Unreadable, 0, 0, 0, 0);
    }

    private static bool HasYear(ReadOnlySpan<char> text)
    {
        int run = 0;
        foreach (char ch in text)
        {
            run = char.IsDigit(ch) ? run + 1 : 0;
            if (run == 4) return true;
        }
        return false;
    }

    private static long Pack(Layout layout, int widths, int a, int b, int c) =>
        ((long)layout << 56) | ((long)(widths & 0xFF) << 48) | ((long)(a & 0xFFFF) << 32) | ((long)(b & 0xFFFF) << 16) | (long)(c & 0xFFFF);

    /// <summary>The date as it was written (without any time of day), rebuilt from its token, for the raw value of a reject.</summary>
    internal static string? Text(long token)
    {
        Layout layout = LayoutOf(token);
        if (layout is Layout.None or Layout.Unreadable or Layout.Typed or Layout.Named) return null;
        int widths = (int)((token >> 48) & 0xFF);
        int a = (int)((token >> 32) & 0xFFFF), b = (int)((token >> 16) & 0xFFFF), c = (int)(token & 0xFFFF);
        char sep = layout is Layout.Iso or Layout.YearFirstDash or Layout.DayMonthDash ? '-' : layout is Layout.YearFirstSlash or Layout.DayMonthSlash ? '/' : '.';
        return string.Create(CultureInfo.InvariantCulture,
            $"{a.ToString(new string('0', widths >> 5), CultureInfo.InvariantCulture)}{sep}{b.ToString(new string('0', (widths >> 3) & 3), CultureInfo.InvariantCulture)}{sep}{c.ToString(new string('0', widths & 7), CultureInfo.InvariantCulture)}");
    }

    private static bool TrySplit(ReadOnlySpan<char> s, out char sep, out ReadOnlySpan<char> a, out ReadOnlySpan<char> b, out ReadOnlySpan<char> c)
    {
        sep = '\0';
        a = b = c = default;
        int first = s.IndexOfAny('-', '/', '.');
        if (first <= 0) return false;
        sep = s[first];
        int second = s[(first + 1)..].IndexOf(sep);
        if (second <= 0) return false;
        second += first + 1;
        a = s[..first];
        b = s[(first + 1)..second];
        c = s[(second + 1)..];
        return c.Length > 0 && c.IndexOfAny('-', '/', '.') < 0;
    }

    private static bool Digits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        if (s.Length is 0 or > 4) return false;
        foreach (char ch in s)
        {
            if ((uint)(ch - '0') > 9) return false;
            value = value * 10 + (ch - '0');
        }
        return true;
    }

    /// <summary>What a layout looks like, in words with an example.</summary>
    internal static string Describe(Layout layout, bool dayFirst) => layout switch
    {
        Layout.Iso => "ISO yyyy-MM-dd (e.g. 2025-03-31)",
        Layout.YearFirstDash => "yyyy-M-d without leading zeros (e.g. 2025-3-1)",
        Layout.YearFirstSlash => "yyyy/MM/dd (e.g. 2025/03/31)",
        Layout.YearFirstDot => "yyyy.MM.dd (e.g. 2025.03.31)",
        Layout.DayMonthDash => dayFirst ? "dd-MM-yyyy, day first (e.g. 31-03-2025)" : "MM-dd-yyyy, month first (e.g. 03-31-2025)",
        Layout.DayMonthSlash => dayFirst ? "dd/MM/yyyy, day first (e.g. 31/03/2025)" : "MM/dd/yyyy, month first (e.g. 03/31/2025)",
        Layout.DayMonthDot => dayFirst ? "dd.MM.yyyy, day first (e.g. 31.03.2025)" : "MM.dd.yyyy, month first (e.g. 03.31.2025)",
        Layout.Named => "a date with the month as a word (e.g. 31 Mar 2025)",
        Layout.Typed => "a typed date",
        _ => "no date layout",
    };

    /// <summary>The .NET format string of a day/month layout, for the fix in a message.</summary>
    internal static string FormatString(Layout layout, bool dayFirst)
    {
        char sep = layout switch { Layout.DayMonthDash or Layout.YearFirstDash => '-', Layout.DayMonthSlash or Layout.YearFirstSlash => '/', _ => '.' };
        return layout switch
        {
            Layout.DayMonthDash or Layout.DayMonthSlash or Layout.DayMonthDot => dayFirst ? $"dd{sep}MM{sep}yyyy" : $"MM{sep}dd{sep}yyyy",
            Layout.Iso => "yyyy-MM-dd",
            _ => $"yyyy{sep}MM{sep}dd",
        };
    }

    /// <summary>
    /// Decides the column's layout from its tokens: the layout most rows share; for day/month layouts the order the values above
    /// 12 show (a culture other than the invariant one decides a column no value decides). Null, with <paramref name="ambiguity"/>
    /// set, when the order cannot be decided.
    /// </summary>
    internal static Decision? Decide(GrowableColumn<long> tokens, CultureInfo culture, out string? ambiguity)
    {
        ambiguity = null;
        Span<long> counts = stackalloc long[11];
        long firstAbove12 = 0, secondAbove12 = 0;
        long[] all = tokens.ToArray();
        int n = tokens.Count;
        for (int i = 0; i < n; i++)
        {
            Layout l = LayoutOf(all[i]);
            counts[(int)l]++;
        }
        Layout best = Layout.None;
        long bestCount = 0;
        for (int l = (int)Layout.Iso; l <= (int)Layout.Named; l++)
        {
            if (counts[l] > bestCount)
            {
                bestCount = counts[l];
                best = (Layout)l;
            }
        }
        if (best == Layout.None) return new Decision(Layout.Typed, false, Describe(Layout.Typed, false));
        if (best is not (Layout.DayMonthDash or Layout.DayMonthSlash or Layout.DayMonthDot)) return new Decision(best, false, Describe(best, false));
        for (int i = 0; i < n; i++)
        {
            if (LayoutOf(all[i]) != best) continue;
            int a = (int)((all[i] >> 32) & 0xFFFF), b = (int)((all[i] >> 16) & 0xFFFF);
            if (a > 12 && b <= 12) firstAbove12++;
            else if (b > 12 && a <= 12) secondAbove12++;
        }
        bool dayFirst;
        if (firstAbove12 > secondAbove12) dayFirst = true;
        else if (secondAbove12 > firstAbove12) dayFirst = false;
        else if (culture.Name.Length > 0)
        {
            string pattern = culture.DateTimeFormat.ShortDatePattern;
            dayFirst = pattern.IndexOf('d', StringComparison.Ordinal) < pattern.IndexOf('M', StringComparison.Ordinal);
        }
        else
        {
            ambiguity = firstAbove12 == 0
                ? "every date has its day and its month at 12 or below, so day-first and month-first cannot be told apart"
                : string.Create(CultureInfo.InvariantCulture, $"as many dates read only day-first ({firstAbove12:N0}) as only month-first ({secondAbove12:N0})");
            return null;
        }
        return new Decision(best, dayFirst, Describe(best, dayFirst));
    }

    /// <summary>The day number of a token under the column's decision, or why it does not fit the column (to follow "The close date ").</summary>
    internal static bool TryDay(long token, Decision decision, out int day, out string? reason)
    {
        day = DealSet.MissingDay;
        reason = null;
        Layout layout = LayoutOf(token);
        if (layout == Layout.Typed)
        {
            day = (int)((token & 0xFFFFFFFFL) - DayOffset);
            return true;
        }
        if (layout != decision.Layout)
        {
            reason = layout == Layout.Unreadable
                ? "cannot be read as a date."
                : $"is written as {Describe(layout, decision.DayFirst)}, but the column's dates are {decision.Description}; dates are never guessed row by row.";
            return false;
        }
        if (layout == Layout.Named)
        {
            day = (int)((token & 0xFFFFFFFFL) - DayOffset);
            return true;
        }
        int a = (int)((token >> 32) & 0xFFFF), b = (int)((token >> 16) & 0xFFFF), c = (int)(token & 0xFFFF);
        int y, m, d;
        if (layout is Layout.DayMonthDash or Layout.DayMonthSlash or Layout.DayMonthDot)
        {
            y = c;
            (d, m) = decision.DayFirst ? (a, b) : (b, a);
        }
        else
        {
            (y, m, d) = (a, b, c);
        }
        if (y < 1 || m < 1 || m > 12 || d < 1 || d > DateTime.DaysInMonth(y, m))
        {
            reason = $"cannot be read as a date: it is no calendar date in the column's layout, {decision.Description}.";
            return false;
        }
        day = new DateOnly(y, m, d).DayNumber;
        return true;
    }
}

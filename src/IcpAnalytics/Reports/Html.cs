using System.Text;

namespace IcpAnalytics.Reports;

/// <summary>Escaping for HTML and SVG text and attributes.</summary>
internal static class Html
{
    public static string Text(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value.AsSpan().IndexOfAny("&<>\"'") < 0) return value;
        var sb = new StringBuilder(value.Length + 16);
        foreach (char c in value)
        {
            sb.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                _ => c.ToString(),
            });
        }
        return sb.ToString();
    }

    public static string Attribute(string? value) => Text(value);

    /// <summary>An id safe in HTML: letters, digits and hyphens.</summary>
    public static string Id(string value)
    {
        var sb = new StringBuilder(value.Length);
        foreach (char c in value) sb.Append(char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-');
        return sb.ToString();
    }
}

using System.Text.Json.Serialization;

namespace IcpAnalytics.Reports;

/// <summary>A plain-language finding of a section, with a verdict when it is the outcome of a check.</summary>
/// <param name="Text">The finding in words.</param>
/// <param name="Verdict">"passed", "caution", "failed", or null for a plain statement.</param>
public sealed record ReportFinding(string Text, string? Verdict = null)
{
    /// <summary>A short lead in bold, such as "Who the ICP is" in the summary; null for none.</summary>
    /// <value>The default is null.</value>
    public string? Topic { get; init; }

    /// <summary>
    /// The id of the section that proves the finding (such as "holdout"): the HTML and Markdown outputs link every number of the
    /// finding to it, the text form names it; null for none.
    /// </summary>
    /// <value>The default is null.</value>
    public string? Link { get; init; }
}

/// <summary>
/// One section of a profit-yield report: what it shows in words, its tables and charts — or, when the part is missing
/// (no efforts in the data, no ICP given), why it is missing.
/// </summary>
/// <param name="Id">A stable name such as "data", "icp", "segment-yield".</param>
/// <param name="Title">The heading.</param>
public sealed record ReportSection(string Id, string Title)
{
    /// <summary>Why this part of the report is missing, in words; null when the section is present.</summary>
    public string? MissingReason { get; init; }

    /// <summary>Whether the section holds results (false when <see cref="MissingReason"/> says why not).</summary>
    [JsonIgnore]
    public bool IsPresent => MissingReason is null;

    /// <summary>Paragraphs of explanation, in order.</summary>
    public IReadOnlyList<string> Paragraphs { get; init; } = [];

    /// <summary>Findings and check verdicts, in order.</summary>
    public IReadOnlyList<ReportFinding> Findings { get; init; } = [];

    /// <summary>The section's tables, in order.</summary>
    public IReadOnlyList<ReportTable> Tables { get; init; } = [];

    /// <summary>The section's charts, in order.</summary>
    public IReadOnlyList<ReportChart> Charts { get; init; } = [];

    /// <summary>A section stating that a part of the report is missing, and why.</summary>
    /// <param name="id">The section's id.</param>
    /// <param name="title">The heading.</param>
    /// <param name="reason">Why it is missing and how to get it, in words.</param>
    public static ReportSection Missing(string id, string title, string reason) => new(id, title) { MissingReason = reason };
}

using System.Globalization;

namespace IcpAnalytics.Execution.Funnel;

/// <summary>How to read and validate activity-funnel data (<see cref="ActivityFunnelData"/>).</summary>
public sealed record ActivityFunnelLoadOptions
{
    /// <summary>The funnel stages in order, each the name of a count column; at least 2.</summary>
    /// <value>The default is contacts, appointments, demos, opportunities, wins.</value>
    public IReadOnlyList<string> Stages { get; init; } = ["contacts", "appointments", "demos", "opportunities", "wins"];

    /// <summary>The column holding the rep.</summary>
    /// <value>The default is "rep".</value>
    public string RepColumn { get; init; } = "rep";

    /// <summary>The column holding the period.</summary>
    /// <value>The default is "period".</value>
    public string PeriodColumn { get; init; } = "period";

    /// <summary>The column holding the period's result (e.g. gross margin won).</summary>
    /// <value>The default is "margin".</value>
    public string ResultColumn { get; init; } = "margin";

    /// <summary>Whether any bad row stops the load with an <see cref="DealDataException"/> (true) or is rejected and listed (false).</summary>
    /// <value>The default is false.</value>
    public bool Strict { get; init; }

    /// <summary>The field delimiter.</summary>
    /// <value>The default is ",".</value>
    public string Delimiter { get; init; } = ",";

    /// <summary>The culture numbers are written in (e.g. de-DE for "1.234,5" with a ";" delimiter).</summary>
    /// <value>The default is <see cref="CultureInfo.InvariantCulture"/>.</value>
    public CultureInfo Culture { get; init; } = CultureInfo.InvariantCulture;

    internal void Validate()
    {
        var problems = new List<string>();
        if (Stages is null || Stages.Count < 2) problems.Add($"Stages has {Stages?.Count ?? 0} stage(s); give at least 2 in funnel order, e.g. contacts, appointments, demos, opportunities, wins.");
        else
        {
            if (Stages.Any(string.IsNullOrWhiteSpace)) problems.Add("Stages holds an empty name; name every stage.");
            if (Stages.Distinct(StringComparer.OrdinalIgnoreCase).Count() != Stages.Count) problems.Add("Stages names a stage twice; each stage must be distinct.");
        }
        if (string.IsNullOrWhiteSpace(RepColumn)) problems.Add("RepColumn is empty; name the rep column.");
        if (string.IsNullOrWhiteSpace(PeriodColumn)) problems.Add("PeriodColumn is empty; name the period column.");
        if (string.IsNullOrWhiteSpace(ResultColumn)) problems.Add("ResultColumn is empty; name the result column (e.g. margin).");
        if (Delimiter is null || Delimiter.Length != 1) problems.Add("Delimiter must be one character (the CSV reader is the deal loader's); use \",\", \";\", a tab or \"|\".");
        if (Culture is null) problems.Add("Culture is null; use CultureInfo.InvariantCulture or the file's culture.");
        Throw.IfAny(problems);
    }
}

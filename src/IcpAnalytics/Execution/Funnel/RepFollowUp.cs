using System.Globalization;
using IcpAnalytics.Data;

namespace IcpAnalytics.Execution.Funnel;

/// <summary>One knowledge or skill-proficiency score of one rep (an assessment, a certification test, a call-scoring result).</summary>
/// <param name="Rep">The rep.</param>
/// <param name="Assessment">What was assessed, e.g. "discovery questions" or "product knowledge".</param>
/// <param name="Score">The score, on the assessment's own scale.</param>
public sealed record RepAssessment(string Rep, string Assessment, double Score);

/// <summary>One action item of the accountability loop: what a rep committed to, who owns it, when it is due and whether it is done.</summary>
/// <param name="Rep">The rep.</param>
/// <param name="Action">The action, e.g. "book 3 demos from last month's appointments".</param>
/// <param name="Owner">Who owns it (the rep or the coach).</param>
/// <param name="Due">The due date, or null.</param>
/// <param name="Done">Whether it is done.</param>
public sealed record ActionItem(string Rep, string Action, string? Owner, DateOnly? Due, bool Done);

/// <summary>
/// What a coach needs beside the funnel ratios: per-rep knowledge and skill scores (columns rep, assessment, score) and the
/// accountability table (columns rep, action, owner, due as yyyy-MM-dd, done as yes/no). Loaded leniently: a bad row is
/// rejected with its line and column, never dropped silently. Immutable.
/// </summary>
public sealed class RepFollowUp
{
    private RepFollowUp(IReadOnlyList<RepAssessment> assessments, IReadOnlyList<ActionItem> actions, IReadOnlyList<LoadReport> reports)
    {
        Assessments = assessments;
        Actions = actions;
        LoadReports = reports;
    }

    /// <summary>The scores, in file order.</summary>
    public IReadOnlyList<RepAssessment> Assessments { get; }

    /// <summary>The action items, in file order.</summary>
    public IReadOnlyList<ActionItem> Actions { get; }

    /// <summary>The load reports of the files read.</summary>
    public IReadOnlyList<LoadReport> LoadReports { get; }

    /// <summary>Scores and action items in memory.</summary>
    /// <param name="assessments">The scores.</param>
    /// <param name="actions">The action items.</param>
    public static RepFollowUp FromObjects(IEnumerable<RepAssessment> assessments, IEnumerable<ActionItem> actions)
    {
        ArgumentNullException.ThrowIfNull(assessments);
        ArgumentNullException.ThrowIfNull(actions);
        RepAssessment[] a = [.. assessments];
        ActionItem[] i = [.. actions];
        return new RepFollowUp(a, i, [LoadReport.Clean("assessments in memory", a.Length), LoadReport.Clean("action items in memory", i.Length)]);
    }

    /// <summary>Loads scores and/or action items from CSV files; either may be null.</summary>
    /// <param name="assessmentsPath">A CSV of rep, assessment, score; or null.</param>
    /// <param name="actionsPath">A CSV of rep, action, owner, due, done; or null.</param>
    /// <param name="strict">Whether a bad row stops the load. The default is false.</param>
    public static RepFollowUp FromCsv(string? assessmentsPath, string? actionsPath, bool strict = false)
    {
        var reports = new List<LoadReport>();
        IReadOnlyList<RepAssessment> a = assessmentsPath is null ? [] : ReadAssessments(CsvSheet.Read(assessmentsPath, "assessment scores"), strict, reports);
        IReadOnlyList<ActionItem> i = actionsPath is null ? [] : ReadActionItems(CsvSheet.Read(actionsPath, "action items"), strict, reports);
        return new RepFollowUp(a, i, reports);
    }

    /// <summary>Loads scores and/or action items from CSV text; either may be null.</summary>
    /// <param name="assessments">CSV text of rep, assessment, score; or null.</param>
    /// <param name="actions">CSV text of rep, action, owner, due, done; or null.</param>
    /// <param name="strict">Whether a bad row stops the load. The default is false.</param>
    public static RepFollowUp FromCsv(TextReader? assessments, TextReader? actions, bool strict = false)
    {
        var reports = new List<LoadReport>();
        IReadOnlyList<RepAssessment> a = assessments is null ? [] : ReadAssessments(CsvSheet.Read(assessments, "assessments CSV", "assessment scores"), strict, reports);
        IReadOnlyList<ActionItem> i = actions is null ? [] : ReadActionItems(CsvSheet.Read(actions, "action items CSV", "action items"), strict, reports);
        return new RepFollowUp(a, i, reports);
    }

    private static List<RepAssessment> ReadAssessments(CsvSheet sheet, bool strict, List<LoadReport> reports)
    {
        int[] idx = sheet.Require("assessment scores", "rep", "assessment", "score");
        var list = new List<RepAssessment>();
        var rejected = new List<RejectedRow>();
        foreach (CsvSheetRow row in sheet.Rows)
        {
            RejectedRow? bad = row.Malformed;
            string? rep = row.Cells[idx[0]], what = row.Cells[idx[1]], score = row.Cells[idx[2]];
            double value = double.NaN;
            if (bad is null && rep is null) bad = new RejectedRow(row.Line, "rep", null, "The rep is missing.", "Name the rep.");
            if (bad is null && what is null) bad = new RejectedRow(row.Line, "assessment", null, "The assessment is missing.", "Name what was assessed, e.g. discovery questions.");
            if (bad is null && !(score is not null && double.TryParse(score, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value)))
                bad = new RejectedRow(row.Line, "score", score, "The score is not a number.", "Write a plain number with a decimal point, e.g. 72 or 3.5.");
            if (bad is not null) { rejected.Add(bad); continue; }
            list.Add(new RepAssessment(rep!, what!, value));
        }
        reports.Add(ExecutionDataErrors.Report("assessment scores", sheet.Source, sheet.Rows.Count, list.Count, rejected, [], strict));
        return list;
    }

    private static List<ActionItem> ReadActionItems(CsvSheet sheet, bool strict, List<LoadReport> reports)
    {
        int[] idx = sheet.Require("action items", "rep", "action", "done");
        int owner = sheet.Find("owner"), due = sheet.Find("due");
        var list = new List<ActionItem>();
        var rejected = new List<RejectedRow>();
        foreach (CsvSheetRow row in sheet.Rows)
        {
            RejectedRow? bad = row.Malformed;
            string? rep = row.Cells[idx[0]], action = row.Cells[idx[1]], done = row.Cells[idx[2]], dueText = due < 0 ? null : row.Cells[due];
            DateOnly? dueDate = null;
            bool isDone = false;
            if (bad is null && rep is null) bad = new RejectedRow(row.Line, "rep", null, "The rep is missing.", "Name the rep.");
            if (bad is null && action is null) bad = new RejectedRow(row.Line, "action", null, "The action is missing.", "Write what was committed to.");
            if (bad is null && dueText is not null)
            {
                if (DateOnly.TryParseExact(dueText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly d)) dueDate = d;
                else bad = new RejectedRow(row.Line, "due", dueText, "The due date is not in the form yyyy-MM-dd.", "Write it as e.g. 2025-03-31, or leave it empty.");
            }
            if (bad is null)
            {
                string d = (done ?? "").Trim().ToLowerInvariant();
                if (d is "yes" or "y" or "true" or "1" or "done") isDone = true;
                else if (d is "no" or "n" or "false" or "0" or "open" or "") isDone = false;
                else bad = new RejectedRow(row.Line, "done", done, "Done is not yes or no.", "Write yes or no.");
            }
            if (bad is not null) { rejected.Add(bad); continue; }
            list.Add(new ActionItem(rep!, action!, owner < 0 ? null : row.Cells[owner], dueDate, isDone));
        }
        reports.Add(ExecutionDataErrors.Report("action items", sheet.Source, sheet.Rows.Count, list.Count, rejected, [], strict));
        return list;
    }

    /// <summary>How many scores and action items.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Assessments.Count} assessment scores, {Actions.Count} action items ({Actions.Count(a => !a.Done)} open)");
}

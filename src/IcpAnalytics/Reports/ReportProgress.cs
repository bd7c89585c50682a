namespace IcpAnalytics.Reports;

/// <summary>Where building a report has got to: the step starting now, and how many of all steps are done.</summary>
/// <param name="Step">The step starting, in words, e.g. "Discovering the ICP rules".</param>
/// <param name="Completed">How many steps are done.</param>
/// <param name="Total">How many steps there are in all.</param>
public sealed record ReportProgress(string Step, int Completed, int Total);

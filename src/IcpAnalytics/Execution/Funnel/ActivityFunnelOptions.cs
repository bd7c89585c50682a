using System.Globalization;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Execution.Funnel;

/// <summary>Options for <see cref="ActivityFunnelData.Analyze"/>.</summary>
public sealed record ActivityFunnelOptions
{
    /// <summary>The confidence level of the conversion-ratio intervals, in (0, 1).</summary>
    /// <value>The default is 0.95.</value>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>The significance level at which an adjusted p-value flags a leak, in (0, 1).</summary>
    /// <value>The default is 0.05.</value>
    public double Alpha { get; init; } = 0.05;

    /// <summary>How the p-values of all rep × step tests are adjusted together.</summary>
    /// <value>The default is <see cref="MultipleTestingCorrection.Holm"/>.</value>
    public MultipleTestingCorrection Correction { get; init; } = MultipleTestingCorrection.Holm;

    /// <summary>The team's result goal for one period (e.g. 1,200,000 margin next quarter) to back-solve activity targets from, or null for no targets.</summary>
    /// <value>The default is null.</value>
    public double? ResultGoal { get; init; }

    /// <summary>Weeks in one period, to state targets per week (13 for a quarter, about 4.33 for a month, 1 for weekly data).</summary>
    /// <value>The default is 13.</value>
    public double WeeksPerPeriod { get; init; } = 13;

    internal void Validate()
    {
        var problems = new List<string>();
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1)) problems.Add(string.Create(CultureInfo.InvariantCulture, $"ConfidenceLevel is {ConfidenceLevel}; it must lie strictly between 0 and 1 (0.95 is the default)."));
        if (!(Alpha > 0 && Alpha < 1)) problems.Add(string.Create(CultureInfo.InvariantCulture, $"Alpha is {Alpha}; it must lie strictly between 0 and 1 (0.05 is the default)."));
        if (ResultGoal is double g && !(double.IsFinite(g) && g > 0)) problems.Add(string.Create(CultureInfo.InvariantCulture, $"ResultGoal is {g}; give a positive result per period, e.g. 1200000."));
        if (!(double.IsFinite(WeeksPerPeriod) && WeeksPerPeriod > 0)) problems.Add(string.Create(CultureInfo.InvariantCulture, $"WeeksPerPeriod is {WeeksPerPeriod}; give a positive number (13 for quarters)."));
        if (!Enum.IsDefined(Correction)) problems.Add("Correction is not Holm or BenjaminiHochberg.");
        Throw.IfAny(problems);
    }
}

using System.Globalization;

namespace IcpAnalytics.Execution.Funnel;

/// <summary>Options for <see cref="SampleActivity"/>: the synthetic funnel's size and its known truth.</summary>
public sealed record SampleActivityOptions
{
    /// <summary>The random seed.</summary>
    /// <value>The default is 7.</value>
    public int Seed { get; init; } = 7;

    /// <summary>How many reps ("Rep 01" …), at least 2.</summary>
    /// <value>The default is 8.</value>
    public int Reps { get; init; } = 8;

    /// <summary>How many quarterly periods ("2024-Q1" …), at least 1.</summary>
    /// <value>The default is 8.</value>
    public int Periods { get; init; } = 8;

    /// <summary>The mean number of contacts per rep and period (each rep-period draws uniformly within ±20%).</summary>
    /// <value>The default is 600.</value>
    public int ContactsPerPeriod { get; init; } = 600;

    /// <summary>The true conversion ratio of every step for every rep who does not leak (contacts → appointments → demos → opportunities → wins).</summary>
    /// <value>The default is 0.25, 0.5, 0.6, 0.35.</value>
    public IReadOnlyList<double> StepRatios { get; init; } = [0.25, 0.5, 0.6, 0.35];

    /// <summary>The 0-based index of the rep who truly leaks, or -1 for no leak.</summary>
    /// <value>The default is 2 ("Rep 03").</value>
    public int LeakingRep { get; init; } = 2;

    /// <summary>The 0-based step at which that rep leaks.</summary>
    /// <value>The default is 1 (appointments → demos).</value>
    public int LeakingStep { get; init; } = 1;

    /// <summary>The leaking rep's ratio at that step as a share of the team's.</summary>
    /// <value>The default is 0.6.</value>
    public double LeakFactor { get; init; } = 0.6;

    /// <summary>The mean gross margin per win; each rep's mean is this times a factor in [0.85, 1.15].</summary>
    /// <value>The default is 12,000.</value>
    public double MarginPerWin { get; init; } = 12_000;

    internal void Validate()
    {
        var problems = new List<string>();
        if (Reps < 2) problems.Add(string.Create(CultureInfo.InvariantCulture, $"Reps is {Reps}; use at least 2 (8 is the default)."));
        if (Periods < 1) problems.Add(string.Create(CultureInfo.InvariantCulture, $"Periods is {Periods}; use at least 1 (8 is the default)."));
        if (ContactsPerPeriod < 1) problems.Add(string.Create(CultureInfo.InvariantCulture, $"ContactsPerPeriod is {ContactsPerPeriod}; use at least 1 (600 is the default)."));
        if (StepRatios is null || StepRatios.Count < 1 || StepRatios.Any(r => !(r > 0 && r <= 1))) problems.Add("StepRatios must hold at least one ratio, each in (0, 1].");
        if (LeakingRep < -1 || LeakingRep >= Reps) problems.Add(string.Create(CultureInfo.InvariantCulture, $"LeakingRep is {LeakingRep}; use -1 (no leak) or 0 to {Reps - 1}."));
        if (StepRatios is not null && (LeakingStep < 0 || LeakingStep >= StepRatios.Count)) problems.Add(string.Create(CultureInfo.InvariantCulture, $"LeakingStep is {LeakingStep}; use 0 to {(StepRatios?.Count ?? 1) - 1}."));
        if (!(LeakFactor > 0 && LeakFactor <= 1)) problems.Add(string.Create(CultureInfo.InvariantCulture, $"LeakFactor is {LeakFactor}; use a share in (0, 1]."));
        if (!(MarginPerWin > 0 && double.IsFinite(MarginPerWin))) problems.Add(string.Create(CultureInfo.InvariantCulture, $"MarginPerWin is {MarginPerWin}; use a positive amount."));
        Throw.IfAny(problems);
    }
}

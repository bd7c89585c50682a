using System.Globalization;

namespace IcpAnalytics.Execution.Sellers;

/// <summary>Options for <see cref="SellerVariance.Analyze"/>.</summary>
public sealed record SellerVarianceOptions
{
    /// <summary>The measure "margin per effort hour": each deal's margin (revenue without a margin column) ÷ its effort hours.</summary>
    public const string MarginPerEffortHour = "margin per effort hour";

    /// <summary>The measure "margin": each closed deal's margin (0 for a lost deal).</summary>
    public const string Margin = "margin";

    /// <summary>The deal measure whose variation across reps is analysed: <see cref="MarginPerEffortHour"/>, <see cref="Margin"/>, or the name of any numeric column of the deals.</summary>
    /// <value>The default is <see cref="MarginPerEffortHour"/>.</value>
    public string Measure { get; init; } = MarginPerEffortHour;

    /// <summary>The confidence level of the intervals, in (0, 1).</summary>
    /// <value>The default is 0.95.</value>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>Reps with fewer deals with the measure are left out of the decomposition (and listed), at least 1.</summary>
    /// <value>The default is 2.</value>
    public int MinDealsPerRep { get; init; } = 2;

    internal void Validate()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(Measure)) problems.Add($"Measure is empty; use \"{MarginPerEffortHour}\", \"{Margin}\" or a numeric column's name.");
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1)) problems.Add(string.Create(CultureInfo.InvariantCulture, $"ConfidenceLevel is {ConfidenceLevel}; it must lie strictly between 0 and 1 (0.95 is the default)."));
        if (MinDealsPerRep < 1) problems.Add(string.Create(CultureInfo.InvariantCulture, $"MinDealsPerRep is {MinDealsPerRep}; it must be at least 1 (2 is the default)."));
        Throw.IfAny(problems);
    }
}

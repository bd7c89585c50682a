using System.Globalization;
using IcpAnalytics.Segments;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.Icp;

/// <summary>
/// Options of ICP discovery (<see cref="IcpBuilder"/>). Every default is stated; <see cref="IcpBuilder.Build"/> reports all
/// invalid options together.
/// </summary>
/// <remarks>
/// How discovery stays honest: the training deals are split by account (so no account is on both sides) into discovery
/// deals, where the beam search proposes and prunes rules, and confirmation deals, where each surviving rule is tested once
/// against the rest with account-clustered standard errors; the p-values of those tests are adjusted across all rules
/// carried to confirmation. The beam search may evaluate thousands of candidates; none of those looks is spent on the
/// confirmation deals.
/// </remarks>
public sealed record IcpOptions
{
    /// <summary>
    /// The attributes rules may use (categorical, banded, or numeric — numeric ones are cut into <see cref="NumericBands"/> quantile
    /// bands). Empty means every account attribute of the deals (<see cref="Data.AttributeRoles.AccountAttributes"/>), plus the deal
    /// attributes when <see cref="IncludeDealAttributes"/>; attributes named here are used whatever their role.
    /// </summary>
    /// <value>The default is empty (the account attributes).</value>
    public IReadOnlyList<string> Attributes { get; init; } = [];

    /// <summary>
    /// Whether the default search (no <see cref="Attributes"/> named) also uses the deal attributes ("how we sell": product, lead
    /// source …). An ICP describes customers, so by default it does not: a rule such as "product = Pro" says what was sold, and
    /// a holdout on revenue per deal would pass on the product's price, circularly.
    /// </summary>
    /// <value>The default is false (account attributes only).</value>
    public bool IncludeDealAttributes { get; init; }

    /// <summary>The yield measure rules are ranked and scored by; null picks margin per effort hour when the deals have effort hours, otherwise margin per deal pursued.</summary>
    /// <value>The default is null (margin per effort hour when possible).</value>
    public ProfitYield? RankBy { get; init; }

    /// <summary>The fewest training deals a rule may cover.</summary>
    /// <value>The default is <see cref="DefaultMinDeals"/> (30).</value>
    public int MinDeals { get; init; } = DefaultMinDeals;

    /// <summary>The default of <see cref="MinDeals"/>.</summary>
    public const int DefaultMinDeals = 30;

    /// <summary>The most conditions in one rule (the depth of the beam search), 1 to 6.</summary>
    /// <value>The default is <see cref="DefaultMaxConditions"/> (3).</value>
    public int MaxConditions { get; init; } = DefaultMaxConditions;

    /// <summary>The default of <see cref="MaxConditions"/>.</summary>
    public const int DefaultMaxConditions = 3;

    /// <summary>How many rules the beam keeps at each depth to refine further.</summary>
    /// <value>The default is <see cref="DefaultBeamWidth"/> (10).</value>
    public int BeamWidth { get; init; } = DefaultBeamWidth;

    /// <summary>The default of <see cref="BeamWidth"/>.</summary>
    public const int DefaultBeamWidth = 10;

    /// <summary>The most rules carried from discovery to confirmation (and so the most rules in the profile).</summary>
    /// <value>The default is <see cref="DefaultMaxRules"/> (5).</value>
    public int MaxRules { get; init; } = DefaultMaxRules;

    /// <summary>The default of <see cref="MaxRules"/>.</summary>
    public const int DefaultMaxRules = 5;

    /// <summary>The z-score a rule must reach on the discovery deals (against the rest, against its parent rules, and beyond rules already chosen) to be carried to confirmation.</summary>
    /// <value>The default is <see cref="DefaultMinDiscoveryZ"/> (2).</value>
    public double MinDiscoveryZ { get; init; } = DefaultMinDiscoveryZ;

    /// <summary>The default of <see cref="MinDiscoveryZ"/>.</summary>
    public const double DefaultMinDiscoveryZ = 2;

    /// <summary>The significance level a rule's adjusted confirmation p-value must reach to enter the profile.</summary>
    /// <value>The default is <see cref="DefaultAlpha"/> (0.05).</value>
    public double Alpha { get; init; } = DefaultAlpha;

    /// <summary>The default of <see cref="Alpha"/>.</summary>
    public const double DefaultAlpha = 0.05;

    /// <summary>How confirmation p-values are adjusted for the number of rules tested.</summary>
    /// <value>The default is <see cref="MultipleTestingCorrection.Holm"/>.</value>
    public MultipleTestingCorrection Correction { get; init; } = MultipleTestingCorrection.Holm;

    /// <summary>The share of training accounts (with all their deals) held back to confirm rules, in (0, 1).</summary>
    /// <value>The default is <see cref="DefaultConfirmationShare"/> (0.5).</value>
    public double ConfirmationShare { get; init; } = DefaultConfirmationShare;

    /// <summary>The default of <see cref="ConfirmationShare"/>.</summary>
    public const double DefaultConfirmationShare = 0.5;

    /// <summary>How many quantile bands a numeric attribute is cut into.</summary>
    /// <value>The default is <see cref="DefaultNumericBands"/> (4).</value>
    public int NumericBands { get; init; } = DefaultNumericBands;

    /// <summary>The default of <see cref="NumericBands"/>.</summary>
    public const int DefaultNumericBands = 4;

    /// <summary>The confidence level of every interval, in (0, 1).</summary>
    /// <value>The default is <see cref="DefaultConfidenceLevel"/> (0.95).</value>
    public double ConfidenceLevel { get; init; } = DefaultConfidenceLevel;

    /// <summary>The default of <see cref="ConfidenceLevel"/>.</summary>
    public const double DefaultConfidenceLevel = 0.95;

    /// <summary>
    /// Whether the intervals of each rule's yield (<see cref="IcpRule.ValueInterval"/>, <see cref="IcpRule.Yield"/>), of the
    /// fit and non-fit yields (<see cref="IdealCustomerProfile.FitYield"/>, <see cref="IdealCustomerProfile.NonFitYield"/>)
    /// and of the fit and non-fit groups of a holdout validation (<see cref="HoldoutValidation.Fit"/>,
    /// <see cref="HoldoutValidation.NonFit"/>) treat every deal as independent. By default they do not: deals of the same
    /// account are correlated, so these intervals are account-cluster-robust, computed exactly as the segment yield table's
    /// (see <see cref="SegmentYieldOptions.TreatDealsAsIndependent"/>), and a rule's intervals equal those of
    /// <c>deals.SegmentYield(rule)</c> on the same deals. The holdout difference of win rates (<see cref="HoldoutValidation.WinRate"/>)
    /// is clustered by account too (a t test on accounts − 1 degrees of freedom); when this is set it uses the pooled
    /// two-proportion z test with Newcombe's interval instead. The confirmation tests of rules and the holdout differences of
    /// margin measures are clustered by account either way. Set to true only when accounts really are unrelated to
    /// outcomes or each account has one deal.
    /// </summary>
    /// <value>The default is false (intervals clustered by account).</value>
    public bool TreatDealsAsIndependent { get; init; }

    /// <summary>The seed of the discovery/confirmation split of accounts.</summary>
    /// <value>The default is 42.</value>
    public int Seed { get; init; } = 42;

    /// <summary>
    /// The most threads discovery (the beam's rules summed in parallel, the yields' account partitions) may use. The work is cut into chunks fixed by the data and merged in a fixed order, so every
    /// degree gives byte-identical results; 1 runs on the calling thread.
    /// </summary>
    /// <value>The default is <see cref="Environment.ProcessorCount"/> (all cores).</value>
    [System.Text.Json.Serialization.JsonIgnore]
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    internal List<string> Problems()
    {
        var p = new List<string>();
        CultureInfo inv = CultureInfo.InvariantCulture;
        if (Attributes is null) p.Add("Attributes is null; give attribute names or leave it empty for all attributes.");
        if (MinDeals < 2) p.Add(string.Create(inv, $"MinDeals is {MinDeals}; it must be at least 2 (the default is {DefaultMinDeals})."));
        if (MaxConditions is < 1 or > 6) p.Add(string.Create(inv, $"MaxConditions is {MaxConditions}; it must be from 1 to 6 (the default is {DefaultMaxConditions})."));
        if (BeamWidth < 1) p.Add(string.Create(inv, $"BeamWidth is {BeamWidth}; it must be at least 1 (the default is {DefaultBeamWidth})."));
        if (MaxRules < 1) p.Add(string.Create(inv, $"MaxRules is {MaxRules}; it must be at least 1 (the default is {DefaultMaxRules})."));
        if (!double.IsFinite(MinDiscoveryZ) || MinDiscoveryZ < 0) p.Add(string.Create(inv, $"MinDiscoveryZ is {MinDiscoveryZ}; it must be a finite number ≥ 0 (the default is {DefaultMinDiscoveryZ})."));
        if (!(Alpha > 0 && Alpha < 1)) p.Add(string.Create(inv, $"Alpha is {Alpha}; it must lie strictly between 0 and 1 (the default is {DefaultAlpha})."));
        if (!Enum.IsDefined(Correction)) p.Add(string.Create(inv, $"Correction is {(int)Correction}; choose Holm or BenjaminiHochberg."));
        if (!(ConfirmationShare > 0 && ConfirmationShare < 1)) p.Add(string.Create(inv, $"ConfirmationShare is {ConfirmationShare}; it must lie strictly between 0 and 1 (the default is {DefaultConfirmationShare})."));
        if (NumericBands < 2) p.Add(string.Create(inv, $"NumericBands is {NumericBands}; it must be at least 2 (the default is {DefaultNumericBands})."));
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1)) p.Add(string.Create(inv, $"ConfidenceLevel is {ConfidenceLevel}; it must lie strictly between 0 and 1 (the default is {DefaultConfidenceLevel})."));
        Parallelism.Check(MaxDegreeOfParallelism, p);
        if (RankBy is { } m && !Enum.IsDefined(m)) p.Add(string.Create(inv, $"RankBy is {(int)m}; choose WinRate, MarginPerDealPursued or MarginPerEffortHour."));
        return p;
    }
}

using System.Globalization;
using IcpAnalytics.Data;

namespace IcpAnalytics.CauseEffect;

/// <summary>What the effort effects are effects on.</summary>
public enum EffortOutcome
{
    /// <summary>Margin per opportunity: gross margin if the deal was won, 0 if lost. An effort's effect then includes what it does to the chance of winning. The default.</summary>
    MarginPerOpportunity,

    /// <summary>Gross margin on won deals only (lost deals are left out): what effort does to the size of a win.</summary>
    MarginOnWonDeals,

    /// <summary>The probability of winning (a linear probability model: 1 if won, 0 if lost).</summary>
    WinProbability,

    /// <summary>Any numeric column of the deals (cycle days, discount, revenue, an attribute), named with <c>OutcomeColumn(...)</c>; deals without a value are left out and counted, won and lost deals alike.</summary>
    Column,
}

/// <summary>How the segment's effects are estimated: regression with controls, or double/debiased machine learning.</summary>
public enum EffortEstimatorKind
{
    /// <summary>Least squares with the controls as regressors and robust (HC3) or cluster-robust standard errors.</summary>
    Regression,

    /// <summary>Double/debiased machine learning: partialling-out with K-fold cross-fitting and orthogonal-score standard errors.</summary>
    DoubleMl,
}

/// <summary>How the standard errors of effort effects allow for deals that are not independent.</summary>
public enum EffortCovariance
{
    /// <summary>Heteroskedasticity-robust (HC3 for regression, the orthogonal score's sandwich for double ML); deals independent. The default.</summary>
    Robust,

    /// <summary>Cluster-robust by account: deals with the same account may share unobserved luck. Double ML also keeps each account within one fold.</summary>
    ClusterByAccount,

    /// <summary>Cluster-robust by rep: deals of the same rep may share unobserved skill or style. Double ML also keeps each rep within one fold.</summary>
    ClusterByRep,

    /// <summary>
    /// Classical standard errors σ²(X'X)⁻¹: deals independent and the noise of the same size for every deal. Regression only; shown beside
    /// the robust ones to see how much heteroskedasticity matters.
    /// </summary>
    Classical,

    /// <summary>
    /// Cluster-robust by rep with the Bell–McCaffrey small-sample correction (CR2) and Satterthwaite degrees of freedom per effort
    /// (as R clubSandwich <c>vcovCR(type = "CR2")</c> with <c>coef_test(test = "Satterthwaite")</c>): the choice when a few dozen reps
    /// carry the deals, where the plain cluster-robust errors (CR1, <see cref="ClusterByRep"/>) are too small and their intervals too short. Regression only.
    /// </summary>
    ClusterByRepCr2,

    /// <summary>Cluster-robust by account with the CR2 correction and Satterthwaite degrees of freedom per effort (see <see cref="ClusterByRepCr2"/>). Regression only.</summary>
    ClusterByAccountCr2,

    /// <summary>
    /// Two-way cluster-robust by account and by rep (Cameron, Gelbach and Miller 2011): deals may share luck within an account and
    /// skill within a rep at the same time. Intervals use min(accounts, reps) − 1 degrees of freedom. Regression only.
    /// </summary>
    TwoWayClusterByAccountAndRep,

    /// <summary>
    /// Newey–West (HAC) standard errors with deals in close-date order (Bartlett kernel, no finite-sample factor, as R sandwich
    /// <c>NeweyWest(prewhite = FALSE)</c>): deals closed close together may share market conditions or quarter-end pressure. The lag is
    /// <see cref="EffortEffectsOptions.NeweyWestLag"/> (by default ⌊4(n/100)^(2/9)⌋ per segment); deals without a close date go last. Regression only.
    /// </summary>
    NeweyWestByCloseDate,
}

/// <summary>
/// The diminishing-returns shape with which an effort count enters the model: the effect is "per unit of the transformed
/// effort", and the marginal margin of one more unit at effort e is the effect times the transform's derivative at e.
/// </summary>
public sealed class EffortTransform
{
    private readonly Func<double, double> _apply;
    private readonly Func<double, double> _derivative;

    private EffortTransform(string name, Func<double, double> apply, Func<double, double> derivative, bool isConcave)
    {
        Name = name;
        _apply = apply;
        _derivative = derivative;
        IsConcave = isConcave;
    }

    /// <summary>log(1 + effort): each extra unit returns less than the one before. The default.</summary>
    public static EffortTransform Log1p { get; } = new("log1p", static e => Math.Log(1 + e), static e => 1.0 / (1.0 + e), isConcave: true);

    /// <summary>A 0/1 effort (had it or not) entering as itself; used by the interactive model, whose effects are of having the effort.</summary>
    internal static EffortTransform Binary { get; } = new("0/1 (had the effort or not)", static e => e, static _ => 1.0, isConcave: false);

    /// <summary>The effort count itself: every unit returns the same (no diminishing returns).</summary>
    public static EffortTransform Linear { get; } = new("linear", static e => e, static _ => 1.0, isConcave: false);

    /// <summary>A transform of your own, e.g. the square root.</summary>
    /// <param name="name">A short name shown in results, e.g. "sqrt".</param>
    /// <param name="transform">Maps an effort count (≥ 0) to the scale the effect is measured on; must be finite for every count, and thread-safe (columns are transformed on both cores).</param>
    /// <param name="derivative">The derivative of <paramref name="transform"/>, used for the marginal margin of one more unit and for allocation.</param>
    /// <param name="isConcave">Whether the transform has diminishing returns (derivative non-increasing); allocation relies on it for an optimal spread.</param>
    public static EffortTransform Custom(string name, Func<double, double> transform, Func<double, double> derivative, bool isConcave = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(transform);
        ArgumentNullException.ThrowIfNull(derivative);
        return new EffortTransform(name, transform, derivative, isConcave);
    }

    /// <summary>The transform's name, e.g. "log1p".</summary>
    public string Name { get; }

    /// <summary>Whether the transform has diminishing returns.</summary>
    public bool IsConcave { get; }

    /// <summary>The transformed effort.</summary>
    /// <param name="effort">An effort count.</param>
    public double Apply(double effort) => _apply(effort);

    /// <summary>The derivative of the transform at <paramref name="effort"/>: how much the transformed effort grows per extra unit there.</summary>
    /// <param name="effort">An effort count.</param>
    public double Derivative(double effort) => _derivative(effort);

    /// <summary>The transform's name.</summary>
    public override string ToString() => Name;
}

/// <summary>
/// How deals are grouped into segments whose effects are estimated separately: by an attribute's levels, or by any
/// assignment (such as the rules of an ideal customer profile) that maps a deal to a segment number.
/// </summary>
public sealed class EffortSegmentation
{
    private EffortSegmentation(string name, IReadOnlyList<string> segmentNames, Func<DealSet, int, int> segmentOf)
    {
        Name = name;
        SegmentNames = segmentNames;
        SegmentOf = segmentOf;
    }

    /// <summary>A segmentation from any assignment of deals to segments.</summary>
    /// <param name="name">What the segmentation is called, e.g. "ICP fit".</param>
    /// <param name="segmentNames">The segments' names; segment k is <c>segmentNames[k]</c>.</param>
    /// <param name="segmentOf">Gives the segment (0 … count − 1) of the deal at a position of the deal set, or −1 to leave the deal out.</param>
    public static EffortSegmentation Custom(string name, IReadOnlyList<string> segmentNames, Func<DealSet, int, int> segmentOf)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(segmentNames);
        ArgumentNullException.ThrowIfNull(segmentOf);
        if (segmentNames.Count == 0) throw new ArgumentException("Give at least one segment name.", nameof(segmentNames));
        return new EffortSegmentation(name, [.. segmentNames], segmentOf);
    }

    /// <summary>
    /// Two segments from an ideal customer profile: "ICP fit" (the deal's account fully matches at least one rule) and
    /// "not ICP fit", so effort effects can be compared inside and outside the profile.
    /// </summary>
    /// <param name="profile">The profile, e.g. from <c>deals.Icp()...Build()</c> or <c>IdealCustomerProfile.Load</c>.</param>
    public static EffortSegmentation IcpFit(IcpAnalytics.Icp.IdealCustomerProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var gate = new object();
        DealSet? matchedFor = null;
        bool[] matches = [];
        return new EffortSegmentation("ICP fit", ["ICP fit", "not ICP fit"], (deals, i) =>
        {
            lock (gate)
            {
                if (!ReferenceEquals(matchedFor, deals))
                {
                    matches = profile.MatchDeals(deals);
                    matchedFor = deals;
                }
                return matches[i] ? 0 : 1;
            }
        });
    }

    /// <summary>What the segmentation is called.</summary>
    public string Name { get; }

    /// <summary>The segments' names, by segment number.</summary>
    public IReadOnlyList<string> SegmentNames { get; }

    /// <summary>Gives the segment of the deal at a position, or −1 to leave it out.</summary>
    public Func<DealSet, int, int> SegmentOf { get; }

    /// <summary>The segmentation's name and segment count.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Name} ({SegmentNames.Count} segments)");
}

/// <summary>The estimator of effort effects: <see cref="Regression"/> or <see cref="DoubleMl"/>.</summary>
public sealed record Estimator
{
    private Estimator(EffortEstimatorKind kind, EffortCovariance covariance, int folds, INuisanceLearner? learner, DoubleMlModel model = DoubleMlModel.Automatic)
    {
        Model = model;
        Kind = kind;
        Covariance = covariance;
        Folds = folds;
        Learner = learner;
    }

    /// <summary>Regression of the outcome on the transformed efforts and the controls (categorical controls as indicators).</summary>
    /// <param name="covariance">Robust (HC3, the default), cluster-robust by account or rep (CR1, or CR2 with Satterthwaite degrees of freedom for few clusters), two-way by account and rep, Newey–West by close date, or classical.</param>
    /// <exception cref="ArgumentOutOfRangeException">A value that is not an <see cref="EffortCovariance"/>.</exception>
    public static Estimator Regression(EffortCovariance covariance = EffortCovariance.Robust)
    {
        if (!Enum.IsDefined(covariance))
            throw new ArgumentOutOfRangeException(nameof(covariance), covariance, $"Use one of {string.Join(", ", Enum.GetNames<EffortCovariance>())}.");
        return new(EffortEstimatorKind.Regression, covariance, 0, null);
    }

    /// <summary>
    /// Double/debiased machine learning (partialling-out): the outcome and each transformed effort are predicted from the
    /// controls by <paramref name="learner"/> with K-fold cross-fitting, and the effects come from regressing the outcome's
    /// residual on the efforts' residuals, with standard errors from the orthogonal score.
    /// </summary>
    /// <param name="folds">Cross-fitting folds, at least 2. The default is 5.</param>
    /// <param name="learner">Predicts outcome and efforts from the controls. The default is <see cref="NuisanceLearners.BoostedTrees"/> with a linear start, which captures non-linear confounding.</param>
    /// <param name="covariance">Robust (the default), or clustered by account or rep (folds are then grouped the same way).</param>
    /// <param name="model">Partially linear, interactive (AIPW, for 0/1 efforts: ATE and ATT with overlap diagnostics), or automatic (the default: interactive when every effort is 0/1).</param>
    /// <exception cref="ArgumentOutOfRangeException">A covariance the double-ML score does not offer (classical, CR2, two-way, Newey–West: use <see cref="Regression"/> for those).</exception>
    public static Estimator DoubleMl(int folds = 5, INuisanceLearner? learner = null, EffortCovariance covariance = EffortCovariance.Robust, DoubleMlModel model = DoubleMlModel.Automatic)
    {
        if (covariance is not (EffortCovariance.Robust or EffortCovariance.ClusterByAccount or EffortCovariance.ClusterByRep))
            throw new ArgumentOutOfRangeException(nameof(covariance), covariance,
                $"Double ML offers robust standard errors or standard errors clustered by account or rep; {covariance} is available with Estimator.Regression(EffortCovariance.{covariance}).");
        return new(EffortEstimatorKind.DoubleMl, covariance, folds, learner, model);
    }

    /// <summary>Which double-ML model: automatic (interactive for 0/1 efforts), partially linear or interactive. Automatic for regression.</summary>
    public DoubleMlModel Model { get; }

    /// <summary>Regression or double ML.</summary>
    public EffortEstimatorKind Kind { get; }

    internal Estimator WithModel(DoubleMlModel model) => new(Kind, Covariance, Folds, Learner, model);

    /// <summary>How standard errors allow for dependent deals.</summary>
    public EffortCovariance Covariance { get; }

    /// <summary>Cross-fitting folds for double ML; 0 for regression.</summary>
    public int Folds { get; }

    /// <summary>The nuisance learner for double ML, or null for the default (and for regression).</summary>
    public INuisanceLearner? Learner { get; }

    /// <summary>A description such as "regression, HC3 standard errors" or "double ML, 5 folds, boosted trees".</summary>
    public override string ToString() => Kind == EffortEstimatorKind.Regression
        ? "regression, " + CovarianceText(Covariance, "HC3")
        : string.Create(CultureInfo.InvariantCulture, $"double ML ({(Model == DoubleMlModel.Interactive ? "interactive, AIPW" : "partialling-out")}), {Folds} folds, {(Learner ?? NuisanceLearners.BoostedTrees()).Name}, {CovarianceText(Covariance, "robust orthogonal-score")}");

    internal static string CovarianceText(EffortCovariance covariance, string robust) => covariance switch
    {
        EffortCovariance.ClusterByAccount => "standard errors clustered by account",
        EffortCovariance.ClusterByRep => "standard errors clustered by rep",
        EffortCovariance.Classical => "classical standard errors (equal noise for every deal)",
        EffortCovariance.ClusterByRepCr2 => "CR2 standard errors clustered by rep with Satterthwaite degrees of freedom",
        EffortCovariance.ClusterByAccountCr2 => "CR2 standard errors clustered by account with Satterthwaite degrees of freedom",
        EffortCovariance.TwoWayClusterByAccountAndRep => "two-way clustered standard errors by account and rep",
        EffortCovariance.NeweyWestByCloseDate => "Newey–West standard errors with deals in close-date order",
        _ => robust + " standard errors",
    };

    /// <summary>Whether the covariance is computed by the statistics core's <see cref="Statistics.LinearRegression"/> (the engine's own pass computes HC3 and CR1).</summary>
    internal static bool ComputedByLinearRegression(EffortCovariance covariance) => covariance is EffortCovariance.Classical or EffortCovariance.ClusterByRepCr2
        or EffortCovariance.ClusterByAccountCr2 or EffortCovariance.TwoWayClusterByAccountAndRep or EffortCovariance.NeweyWestByCloseDate;
}

/// <summary>Options of an effort-effects fit. Every default is stated; set them with <c>Configure</c>.</summary>
public sealed record EffortEffectsOptions
{
    /// <summary>The confidence level of every interval, in (0, 1).</summary>
    /// <value>The default is <see cref="DefaultConfidenceLevel"/> (0.95).</value>
    public double ConfidenceLevel { get; init; } = DefaultConfidenceLevel;

    /// <summary>The default of <see cref="ConfidenceLevel"/>.</summary>
    public const double DefaultConfidenceLevel = 0.95;

    /// <summary>The seed of every random step (placebo permutation, random common cause, random halves, folds, learners, allocation draws).</summary>
    /// <value>The default is 20,261,126.</value>
    public int Seed { get; init; } = DefaultSeed;

    /// <summary>The seed used when none is given.</summary>
    public const int DefaultSeed = 20_261_126;

    /// <summary>Whether to run the honesty checks (naive, placebo, random common cause, random halves, variation and leverage). Turning them off roughly halves the time.</summary>
    /// <value>The default is true.</value>
    public bool RunChecks { get; init; } = true;

    /// <summary>
    /// Regression only: also fit double ML (partialling-out, boosted-tree nuisances, the same folds' default and covariance)
    /// on the same deals, attach it as <see cref="EffortEffects.DoubleMlComparison"/>, and add to every effect a
    /// specification check that cautions when the two differ by more than their combined uncertainty (the regression's
    /// controls then probably have the wrong shape). Roughly doubles the time of a fit.
    /// </summary>
    /// <value>The default is false.</value>
    public bool CompareWithDoubleMl { get; init; }

    /// <summary>Below this many deals per parameter a segment's estimate gets a caution (too few deals for the controls).</summary>
    /// <value>The default is <see cref="DefaultMinDealsPerParameter"/> (10).</value>
    public double MinDealsPerParameter { get; init; } = DefaultMinDealsPerParameter;

    /// <summary>The default of <see cref="MinDealsPerParameter"/>.</summary>
    public const double DefaultMinDealsPerParameter = 10;

    /// <summary>How far, in standard errors, the estimate may move when a random common cause is added before the check turns to caution (twice this fails it).</summary>
    /// <value>The default is <see cref="DefaultRandomCommonCauseTolerance"/> (0.25).</value>
    public double RandomCommonCauseTolerance { get; init; } = DefaultRandomCommonCauseTolerance;

    /// <summary>The default of <see cref="RandomCommonCauseTolerance"/>.</summary>
    public const double DefaultRandomCommonCauseTolerance = 0.25;

    /// <summary>A deal whose leverage (its weight in its own fitted value) exceeds this gets flagged as extreme.</summary>
    /// <value>The default is <see cref="DefaultExtremeLeverage"/> (0.5).</value>
    public double ExtremeLeverage { get; init; } = DefaultExtremeLeverage;

    /// <summary>The default of <see cref="ExtremeLeverage"/>.</summary>
    public const double DefaultExtremeLeverage = 0.5;

    /// <summary>Effort hours per unit of each effort, overriding the estimate from the effort-hours column (see <see cref="EffortEffects.HoursPerUnit"/>). Keys are effort names (case-insensitive).</summary>
    /// <value>The default is null: estimated from the data.</value>
    public IReadOnlyDictionary<string, double>? HoursPerUnit { get; init; }

    /// <summary>Interactive model: propensities are clipped to [c, 1 − c] in the weights, so no deal gets a weight above 1/c.</summary>
    /// <value>The default is <see cref="DefaultPropensityClipping"/> (0.01) (as DoubleML's trimming threshold).</value>
    public double PropensityClipping { get; init; } = DefaultPropensityClipping;

    /// <summary>The default of <see cref="PropensityClipping"/>.</summary>
    public const double DefaultPropensityClipping = 0.01;

    /// <summary>Interactive model: when to re-fit on the deals in common support. See <see cref="CommonSupportPolicy"/>.</summary>
    /// <value>The default is <see cref="CommonSupportPolicy.WhenOverlapFails"/>.</value>
    public CommonSupportPolicy CommonSupport { get; init; } = CommonSupportPolicy.WhenOverlapFails;

    /// <summary>Interactive model: the region of common support keeps deals whose cross-fitted propensity lies in [a, 1 − a].</summary>
    /// <value>The default is <see cref="DefaultCommonSupportBounds"/> (0.1) (the rule of thumb of Crump, Hotz, Imbens and Mitnik, 2009).</value>
    public double CommonSupportBounds { get; init; } = DefaultCommonSupportBounds;

    /// <summary>The default of <see cref="CommonSupportBounds"/>.</summary>
    public const double DefaultCommonSupportBounds = 0.1;

    /// <summary>Interactive model: a propensity below this (or above one minus it) counts as extreme in the overlap check.</summary>
    /// <value>The default is <see cref="DefaultExtremePropensity"/> (0.05).</value>
    public double ExtremePropensity { get; init; } = DefaultExtremePropensity;

    /// <summary>The default of <see cref="ExtremePropensity"/>.</summary>
    public const double DefaultExtremePropensity = 0.05;

    /// <summary>
    /// The most threads the fit (segments fitted in parallel, the deals' columns gathered in parallel) may use. The work is cut into chunks fixed by the data and merged in a fixed order, so every
    /// degree gives byte-identical results; 1 runs on the calling thread.
    /// </summary>
    /// <value>The default is <see cref="Environment.ProcessorCount"/> (all cores).</value>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// The largest lag of the Newey–West covariance (<see cref="EffortCovariance.NeweyWestByCloseDate"/>), in deals of close-date order; null for
    /// the Newey–West (1994) rule of thumb ⌊4(n/100)^(2/9)⌋ per segment (the statistics core's <see cref="Statistics.RegressionOptions.HacLag"/> default).
    /// </summary>
    /// <value>The default is null.</value>
    public int? NeweyWestLag { get; init; }

    internal List<string> Problems()
    {
        var problems = new List<string>();
        CultureInfo inv = CultureInfo.InvariantCulture;
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1)) problems.Add(string.Create(inv, $"ConfidenceLevel is {ConfidenceLevel}; it must lie strictly between 0 and 1 (the default is {DefaultConfidenceLevel})."));
        Parallelism.Check(MaxDegreeOfParallelism, problems);
        if (!(MinDealsPerParameter >= 1) || !double.IsFinite(MinDealsPerParameter)) problems.Add(string.Create(inv, $"MinDealsPerParameter is {MinDealsPerParameter}; it must be a finite number of at least 1 (the default is {DefaultMinDealsPerParameter})."));
        if (!(RandomCommonCauseTolerance > 0) || !double.IsFinite(RandomCommonCauseTolerance)) problems.Add(string.Create(inv, $"RandomCommonCauseTolerance is {RandomCommonCauseTolerance}; it must be a finite number above 0 (the default is {DefaultRandomCommonCauseTolerance} standard errors)."));
        if (!(ExtremeLeverage > 0 && ExtremeLeverage < 1)) problems.Add(string.Create(inv, $"ExtremeLeverage is {ExtremeLeverage}; it must lie strictly between 0 and 1 (the default is {DefaultExtremeLeverage})."));
        if (!(PropensityClipping >= 0 && PropensityClipping < 0.5)) problems.Add(string.Create(inv, $"PropensityClipping is {PropensityClipping}; it must lie in [0, 0.5) (the default is {DefaultPropensityClipping})."));
        if (!(CommonSupportBounds > 0 && CommonSupportBounds < 0.5)) problems.Add(string.Create(inv, $"CommonSupportBounds is {CommonSupportBounds}; it must lie strictly between 0 and 0.5 (the default is {DefaultCommonSupportBounds})."));
        if (!(ExtremePropensity > 0 && ExtremePropensity < 0.5)) problems.Add(string.Create(inv, $"ExtremePropensity is {ExtremePropensity}; it must lie strictly between 0 and 0.5 (the default is {DefaultExtremePropensity})."));
        if (NeweyWestLag is < 0) problems.Add(string.Create(inv, $"NeweyWestLag is {NeweyWestLag}; it must be at least 0 (or null for the default ⌊4(n/100)^(2/9)⌋ per segment)."));
        if (HoursPerUnit is not null)
        {
            foreach (KeyValuePair<string, double> pair in HoursPerUnit)
            {
                if (!(pair.Value > 0) || !double.IsFinite(pair.Value)) problems.Add(string.Create(inv, $"HoursPerUnit for '{pair.Key}' is {pair.Value}; hours per unit must be finite and above 0."));
            }
        }
        return problems;
    }
}

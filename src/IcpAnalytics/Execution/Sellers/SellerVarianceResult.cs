using IcpAnalytics.Statistics;

namespace IcpAnalytics.Execution.Sellers;

/// <summary>Where a rep stands against the team once their mean is shrunk toward the team for the deals it rests on.</summary>
public enum RepStandingKind
{
    /// <summary>The shrunken difference's interval lies above 0: reliably above the team.</summary>
    Above,

    /// <summary>The interval lies below 0: reliably below the team.</summary>
    Below,

    /// <summary>The interval covers 0: not distinguishable from the team.</summary>
    NotDistinguishable,
}

/// <summary>One rep's measure: raw mean, the shrunken (empirical-Bayes) estimate, its interval, and the rep's share of the team's margin.</summary>
/// <param name="Rep">The rep.</param>
/// <param name="Deals">Deals with the measure.</param>
/// <param name="Mean">The rep's raw mean of the measure.</param>
/// <param name="Shrunken">The shrunken estimate: team mean + λ (rep mean − team mean), λ = σ²_rep / (σ²_rep + σ²_deal / deals).</param>
/// <param name="Interval">The interval of the shrunken estimate (posterior SD √(λ σ²_deal / deals)).</param>
/// <param name="Standing">Above, below or not distinguishable from the team.</param>
/// <param name="Margin">The rep's total margin over all closed deals (revenue without a margin column).</param>
public sealed record RepStanding(string Rep, int Deals, double Mean, double Shrunken, Interval Interval, RepStandingKind Standing, double Margin);

/// <summary>One point of the Lorenz curve of margin across reps (reps sorted from the smallest margin up).</summary>
/// <param name="ShareOfReps">The share of reps up to this point, 0 to 1.</param>
/// <param name="ShareOfMargin">Their share of the team's margin.</param>
public sealed record LorenzPoint(double ShareOfReps, double ShareOfMargin);

/// <summary>
/// How much results vary between sellers: the share of a deal measure's variance that lies between reps (a one-way
/// random-effects decomposition with its interval), how margin concentrates across reps (top 10 % and 20 % shares, the
/// Lorenz curve and Gini), and which reps are reliably above or below the team after shrinkage. Immutable.
/// </summary>
public sealed class SellerVarianceResult
{
    internal SellerVarianceResult(SellerVarianceOptions options, string measureName, int deals, double teamMean, double between, double within, double share, Interval shareInterval,
        double f, double p, double n0, IReadOnlyList<RepStanding> reps, double top10, double top20, double gini, IReadOnlyList<LorenzPoint> lorenz, IReadOnlyList<string> issues)
    {
        Options = options;
        MeasureName = measureName;
        Deals = deals;
        TeamMean = teamMean;
        BetweenRepVariance = between;
        WithinRepVariance = within;
        ShareBetweenReps = share;
        ShareBetweenRepsInterval = shareInterval;
        FStatistic = f;
        PValue = p;
        DealsPerRepEffective = n0;
        Reps = reps;
        TopTenPercentShare = top10;
        TopTwentyPercentShare = top20;
        Gini = gini;
        Lorenz = lorenz;
        Issues = issues;
    }

    /// <summary>The options the analysis ran with.</summary>
    public SellerVarianceOptions Options { get; }

    /// <summary>The measure in words.</summary>
    public string MeasureName { get; }

    /// <summary>Deals in the decomposition.</summary>
    public int Deals { get; }

    /// <summary>The team mean (precision-weighted across reps).</summary>
    public double TeamMean { get; }

    /// <summary>σ²_rep: the variance of the reps' true means (ANOVA estimator, 0 when the between-rep mean square is below the within).</summary>
    public double BetweenRepVariance { get; }

    /// <summary>σ²_deal: the variance of deals around their rep's mean.</summary>
    public double WithinRepVariance { get; }

    /// <summary>The share of the measure's variance between reps, σ²_rep / (σ²_rep + σ²_deal) (the intraclass correlation).</summary>
    public double ShareBetweenReps { get; }

    /// <summary>The interval of that share (F-based, Searle 1971; with the mean deals per rep n₀ for unequal counts).</summary>
    public Interval ShareBetweenRepsInterval { get; }

    /// <summary>The one-way ANOVA F statistic (between over within mean square).</summary>
    public double FStatistic { get; }

    /// <summary>The p-value of the test that reps do not differ at all.</summary>
    public double PValue { get; }

    /// <summary>n₀ = (N − Σ nᵢ² / N) / (k − 1): the effective deals per rep.</summary>
    public double DealsPerRepEffective { get; }

    /// <summary>Every rep in the decomposition, highest shrunken estimate first.</summary>
    public IReadOnlyList<RepStanding> Reps { get; }

    /// <summary>The share of the team's margin from the top 10 % of reps by margin (at least one rep).</summary>
    public double TopTenPercentShare { get; }

    /// <summary>The share of the team's margin from the top 20 % of reps.</summary>
    public double TopTwentyPercentShare { get; }

    /// <summary>The Gini coefficient of margin across reps (0: equal; toward 1: concentrated).</summary>
    public double Gini { get; }

    /// <summary>The Lorenz curve of margin across reps, from (0, 0) to (1, 1).</summary>
    public IReadOnlyList<LorenzPoint> Lorenz { get; }

    /// <summary>Deals without the measure, reps left out, negative margins and similar notes.</summary>
    public IReadOnlyList<string> Issues { get; }

    /// <summary>The share between reps and the concentration in one line (invariant).</summary>
    public override string ToString() => string.Create(System.Globalization.CultureInfo.InvariantCulture,
        $"Seller variance of {MeasureName}: {ShareBetweenReps:P1} between reps [{ShareBetweenRepsInterval.Lower:P1}, {ShareBetweenRepsInterval.Upper:P1}]; top 20% of reps bring {TopTwentyPercentShare:P1} of margin.");
}

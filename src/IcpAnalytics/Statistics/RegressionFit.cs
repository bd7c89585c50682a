using System.Globalization;
using System.Text;
using MathNet.Numerics.Distributions;

namespace IcpAnalytics.Statistics;

/// <summary>
/// A fitted least-squares model: coefficients with standard errors, t statistics, p-values and confidence intervals under
/// the chosen covariance type, and the goodness of fit. Immutable and safe to share between threads.
/// </summary>
/// <remarks>
/// <para>R² with an intercept is 1 − RSS / Σw(y − ȳ)². Without an intercept it is uncentred, 1 − RSS / Σw y² (the NIST StRD
/// and R <c>lm</c> convention), and <see cref="FStatistic"/> then tests all coefficients against 0.</para>
/// <para>An exact fit (zero residuals) has zero standard errors; its t statistics are then infinite (0 for a zero coefficient)
/// and its p-values 0.</para>
/// </remarks>
public sealed class RegressionFit
{
    /// <summary>The name of the intercept parameter, "(Intercept)".</summary>
    public const string InterceptName = "(Intercept)";

    private readonly double[] _coefficients;
    private readonly double[] _covariance;
    private readonly double[] _standardErrors;
    private readonly double[] _t;
    private readonly double[] _p;
    private readonly string[] _names;
    private readonly Dictionary<string, int> _index;
    private readonly double[] _df;

    internal RegressionFit(string[] names, bool hasIntercept, double[] coefficients, double[] covariance, CovarianceType covarianceType,
        double confidenceLevel, int observations, int residualDf, int inferenceDf, int? clusters, double rss, double totalSquares,
        LeastSquaresMethod method, double condition, int predictorColumns, double[]? coefficientDf = null, IReadOnlyList<string>? warnings = null,
        int? hacLag = null, int? secondClusters = null)
    {
        _df = coefficientDf ?? Enumerable.Repeat((double)inferenceDf, names.Length).ToArray();
        Warnings = warnings ?? [];
        HacLag = hacLag;
        SecondClusters = secondClusters;
        _names = names;
        HasIntercept = hasIntercept;
        _coefficients = coefficients;
        _covariance = covariance;
        CovarianceType = covarianceType;
        ConfidenceLevel = confidenceLevel;
        Observations = observations;
        ResidualDegreesOfFreedom = residualDf;
        InferenceDegreesOfFreedom = inferenceDf;
        Clusters = clusters;
        ResidualSumOfSquares = rss;
        Method = method;
        ConditionNumber = condition;
        PredictorColumns = predictorColumns;
        int p = names.Length;
        _standardErrors = new double[p];
        _t = new double[p];
        _p = new double[p];
        for (int j = 0; j < p; j++)
        {
            double se = Math.Sqrt(Math.Max(0, covariance[j * p + j]));
            _standardErrors[j] = se;
            double t = se > 0 ? coefficients[j] / se : coefficients[j] == 0 ? 0 : Math.CopySign(double.PositiveInfinity, coefficients[j]);
            _t[j] = t;
            _p[j] = Distributions.StudentTwoSidedP(t, _df[j]);
        }
        _index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int j = 0; j < p; j++) _index.TryAdd(names[j], j);

        ResidualStandardError = Math.Sqrt(rss / residualDf);
        double ratio = totalSquares > 0 ? rss / totalSquares : 0;
        RSquared = 1 - ratio;
        int interceptTerm = hasIntercept ? 1 : 0;
        AdjustedRSquared = 1 - ratio * (observations - interceptTerm) / residualDf;
        int numeratorDf = p - interceptTerm;
        if (numeratorDf > 0)
        {
            double explained = Math.Max(0, totalSquares - rss);
            FStatistic = rss > 0 ? explained / numeratorDf / (rss / residualDf) : double.PositiveInfinity;
            FPValue = double.IsPositiveInfinity(FStatistic) ? 0 : 1 - FisherSnedecor.CDF(numeratorDf, residualDf, FStatistic);
        }
        else
        {
            FStatistic = 0;
            FPValue = 1;
        }
    }

    /// <summary>The number of rows used (those with a weight above 0).</summary>
    public int Observations { get; }

    /// <summary>The number of coefficients, the intercept included.</summary>
    public int Parameters => _names.Length;

    /// <summary>The number of predictor columns (the coefficients other than the intercept).</summary>
    public int PredictorColumns { get; }

    /// <summary>The residual degrees of freedom, <see cref="Observations"/> − <see cref="Parameters"/>.</summary>
    public int ResidualDegreesOfFreedom { get; }

    /// <summary>The degrees of freedom of the t distribution behind p-values and intervals: the residual degrees of freedom, G − 1 for cluster-robust covariance (Stata's convention, also the naive value under CR2, whose per-coefficient values are in <see cref="DegreesOfFreedom"/>), or min(G_A, G_B) − 1 for two-way clustering.</summary>
    public int InferenceDegreesOfFreedom { get; }

    /// <summary>
    /// The degrees of freedom of the t distribution behind each coefficient's p-value and interval: <see cref="InferenceDegreesOfFreedom"/>
    /// for every coefficient, except under <see cref="CovarianceType.CR2"/>, where each has its own Satterthwaite degrees of freedom
    /// (Bell and McCaffrey 2002; Pustejovsky and Tipton 2018), which can be far below G − 1 when few clusters carry a coefficient.
    /// </summary>
    public IReadOnlyList<double> DegreesOfFreedom => _df;

    /// <summary>
    /// Plain-language warnings about the fit: a nearly collinear design (condition number above
    /// <see cref="RegressionOptions.CollinearityWarningCondition"/>, with the columns involved), or a two-way cluster covariance that
    /// needed its negative eigenvalues set to 0. Empty when there is nothing to say.
    /// </summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The Newey–West lag used under <see cref="CovarianceType.NeweyWest"/>; null otherwise.</summary>
    public int? HacLag { get; }

    /// <summary>The number of clusters of the second dimension under <see cref="CovarianceType.TwoWayCluster"/>; null otherwise.</summary>
    public int? SecondClusters { get; }

    /// <summary>Whether the model has an intercept (then parameter 0, named <see cref="InterceptName"/>).</summary>
    public bool HasIntercept { get; }

    /// <summary>The parameter names, "(Intercept)" first when present, then the predictors in column order.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The estimated coefficients, in the order of <see cref="Names"/>.</summary>
    public IReadOnlyList<double> Coefficients => _coefficients;

    /// <summary>The standard errors under <see cref="CovarianceType"/>.</summary>
    public IReadOnlyList<double> StandardErrors => _standardErrors;

    /// <summary>The t statistics, coefficient / standard error.</summary>
    public IReadOnlyList<double> TStatistics => _t;

    /// <summary>The two-sided p-values of "coefficient = 0" from Student's t with <see cref="InferenceDegreesOfFreedom"/> degrees of freedom.</summary>
    public IReadOnlyList<double> PValues => _p;

    /// <summary>How the covariance (and so the standard errors) was computed.</summary>
    public CovarianceType CovarianceType { get; }

    /// <summary>The confidence level of <see cref="ConfidenceInterval(int)"/>.</summary>
    public double ConfidenceLevel { get; }

    /// <summary>The number of clusters G for cluster-robust covariance (the first dimension under two-way clustering); null otherwise.</summary>
    public int? Clusters { get; }

    /// <summary>The share of variation explained: centred with an intercept, uncentred without (see remarks).</summary>
    public double RSquared { get; }

    /// <summary>R² adjusted for the number of parameters: 1 − (1 − R²)(n − i)/(n − p), i = 1 with an intercept, 0 without.</summary>
    public double AdjustedRSquared { get; }

    /// <summary>The classical overall F statistic from the sums of squares (not robust): every coefficient but the intercept is 0. It is 0 when there are no predictors.</summary>
    public double FStatistic { get; }

    /// <summary>The p-value of <see cref="FStatistic"/>.</summary>
    public double FPValue { get; }

    /// <summary>The residual standard error, √(RSS / (n − p)).</summary>
    public double ResidualStandardError { get; }

    /// <summary>The (weighted) residual sum of squares, Σ w e².</summary>
    public double ResidualSumOfSquares { get; }

    /// <summary>The 2-norm condition number of the design after centring (with an intercept) and scaling columns to unit norm; above 10⁸ the data barely determine some coefficients.</summary>
    public double ConditionNumber { get; }

    /// <summary>How the least-squares problem was solved.</summary>
    public LeastSquaresMethod Method { get; }

    /// <summary>The confidence interval of coefficient <paramref name="j"/> at <see cref="ConfidenceLevel"/>.</summary>
    /// <param name="j">The parameter index (see <see cref="Names"/>).</param>
    /// <returns>coefficient ± t quantile × standard error.</returns>
    public Interval ConfidenceInterval(int j) => ConfidenceInterval(j, ConfidenceLevel);

    /// <summary>The confidence interval of coefficient <paramref name="j"/> at any <paramref name="level"/>.</summary>
    /// <param name="j">The parameter index (see <see cref="Names"/>).</param>
    /// <param name="level">The confidence level, strictly between 0 and 1.</param>
    /// <returns>coefficient ± t quantile × standard error.</returns>
    public Interval ConfidenceInterval(int j, double level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(j);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(j, Parameters);
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must lie strictly between 0 and 1.");
        double quantile = Distributions.StudentCritical(level, _df[j]);
        double half = quantile * _standardErrors[j];
        return new Interval(_coefficients[j] - half, _coefficients[j] + half);
    }

    /// <summary>The estimated covariance of coefficients <paramref name="i"/> and <paramref name="j"/> under <see cref="CovarianceType"/>.</summary>
    /// <param name="i">The first parameter index.</param>
    /// <param name="j">The second parameter index.</param>
    /// <returns>The covariance.</returns>
    public double Covariance(int i, int j)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(i);
        ArgumentOutOfRangeException.ThrowIfNegative(j);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(i, Parameters);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(j, Parameters);
        return _covariance[i * Parameters + j];
    }

    /// <summary>The index of the parameter named <paramref name="name"/>, or −1 when the fit has none.</summary>
    /// <param name="name">A predictor name or <see cref="InterceptName"/>.</param>
    /// <returns>The index into <see cref="Names"/>, <see cref="Coefficients"/> and the other lists.</returns>
    public int IndexOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _index.TryGetValue(name, out int j) ? j : -1;
    }

    /// <summary>The fitted value for one row of predictors.</summary>
    /// <param name="predictors">The predictors, without the intercept, <see cref="PredictorColumns"/> values.</param>
    /// <returns>The predicted response.</returns>
    public double Predict(ReadOnlySpan<double> predictors)
    {
        if (predictors.Length != PredictorColumns)
            throw new ArgumentException($"The fit has {PredictorColumns} predictors; {predictors.Length} values were given.", nameof(predictors));
        return LinearPredictor.Value(_coefficients, HasIntercept, predictors);
    }

    /// <summary>The fitted value of every row of <paramref name="design"/>.</summary>
    /// <param name="design">Rows with the fit's predictor columns.</param>
    /// <param name="destination">A span of at least <c>design.Rows</c> values.</param>
    public void Predict(IDesignRows design, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(design);
        CheckDesign(design, destination);
        LinearPredictor.EachRow(design, destination, (row, _) => Predict(row));
    }

    /// <summary>The residual (response − fitted value) of every row of <paramref name="design"/>.</summary>
    /// <param name="design">Rows with the fit's predictor columns and a response.</param>
    /// <param name="destination">A span of at least <c>design.Rows</c> values.</param>
    public void Residuals(IDesignRows design, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(design);
        CheckDesign(design, destination);
        LinearPredictor.EachRow(design, destination, (row, i) => design.Response(i) - Predict(row));
    }

    private void CheckDesign(IDesignRows design, Span<double> destination)
    {
        if (design.Columns != PredictorColumns)
            throw new ArgumentException($"The fit has {PredictorColumns} predictors; the design has {design.Columns}.", nameof(design));
        if (destination.Length < design.Rows)
            throw new ArgumentException($"The destination holds {destination.Length} values; the design has {design.Rows} rows.", nameof(destination));
    }

    /// <summary>A coefficient table with standard errors, t statistics, p-values and the fit summary, invariant culture.</summary>
    /// <returns>The table as text.</returns>
    public override string ToString()
    {
        var sb = new StringBuilder();
        var ci = CultureInfo.InvariantCulture;
        int width = Math.Max(12, _names.Max(n => n.Length) + 2);
        sb.Append(ci, $"Least squares ({Method}), {Observations} rows, {CovarianceType} standard errors").AppendLine();
        sb.Append("Parameter".PadRight(width)).Append(ci, $"{"Estimate",14}{"Std. error",14}{"t",10}{"p",12}").AppendLine();
        for (int j = 0; j < Parameters; j++)
        {
            sb.Append(_names[j].PadRight(width))
              .Append(ci, $"{_coefficients[j],14:G6}{_standardErrors[j],14:G6}{_t[j],10:F3}{_p[j],12:G4}").AppendLine();
        }
        sb.Append(ci, $"Residual standard error {ResidualStandardError:G6} on {ResidualDegreesOfFreedom} df; R² {RSquared:F4} (adjusted {AdjustedRSquared:F4}); F {FStatistic:G6}, p {FPValue:G4}");
        foreach (string warning in Warnings) sb.AppendLine().Append("Warning: ").Append(warning);
        return sb.ToString();
    }
}

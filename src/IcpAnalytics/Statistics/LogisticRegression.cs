using System.Globalization;
using System.Numerics.Tensors;
using System.Text;

namespace IcpAnalytics.Statistics;

/// <summary>Options of <see cref="LogisticRegression"/>.</summary>
public sealed record LogisticRegressionOptions
{
    /// <summary>Whether the model has an intercept (parameter 0, "(Intercept)"); it is never penalized.</summary>
    /// <value>The default is <see langword="true"/>.</value>
    public bool Intercept { get; init; } = true;

    /// <summary>The confidence level of <see cref="LogisticFit.ConfidenceInterval(int)"/>, strictly between 0 and 1.</summary>
    /// <value>The default is 0.95.</value>
    public double ConfidenceLevel { get; init; } = 0.95;

    /// <summary>The most Newton iterations before the fit gives up, at least 1.</summary>
    /// <value>The default is 50.</value>
    public int MaxIterations { get; init; } = 50;

    /// <summary>Convergence: |deviance change| / (|deviance| + 0.1) below this (R's <c>glm</c> criterion), positive.</summary>
    /// <value>The default is 1e-10.</value>
    public double Tolerance { get; init; } = 1e-10;

    /// <summary>
    /// The L2 penalty λ ≥ 0 on the coefficients of standardized predictors: the fit maximizes
    /// log-likelihood − (λ/2)·Σw·Σⱼ(βⱼ·SDⱼ)². A small positive value (e.g. 0.01) keeps coefficients finite when the outcome is separated.
    /// </summary>
    /// <value>The default is 0 (plain maximum likelihood).</value>
    public double Penalty { get; init; }

    /// <summary>
    /// The most threads the fit uses for its passes over the rows (chunks of 65,536 rows): at least 1 (1 runs on the calling
    /// thread). Chunks are fixed by the rows and merged in chunk order, so the degree changes the speed, never a digit.
    /// </summary>
    /// <value>The default is <see cref="Environment.ProcessorCount"/> (all cores).</value>
    public int MaxDegreeOfParallelism { get; init; } = Parallelism.AllCores;

    internal void Validate()
    {
        var problems = new List<string>();
        var ci = CultureInfo.InvariantCulture;
        if (!(ConfidenceLevel > 0 && ConfidenceLevel < 1)) problems.Add($"ConfidenceLevel is {ConfidenceLevel.ToString(ci)}; it must lie strictly between 0 and 1 (e.g. 0.95).");
        if (MaxIterations < 1) problems.Add($"MaxIterations is {MaxIterations}; at least 1 is needed.");
        if (!(Tolerance > 0) || !double.IsFinite(Tolerance)) problems.Add($"Tolerance is {Tolerance.ToString(ci)}; it must be positive (e.g. 1e-10).");
        if (!(Penalty >= 0) || !double.IsFinite(Penalty)) problems.Add($"Penalty is {Penalty.ToString(ci)}; it must be finite and at least 0.");
        Parallelism.Check(MaxDegreeOfParallelism, problems);
        Throw.IfAny(problems);
    }
}

/// <summary>
/// Logistic regression (e.g. win probability from deal attributes) by Newton's method (IRLS) with step halving, with Wald
/// standard errors from the inverse information matrix.
/// </summary>
/// <remarks>
/// <para>Predictors are centred and scaled internally (an exact reparametrization); each Newton step solves the scaled
/// information matrix by Cholesky factorization. Collinear columns are named in a <see cref="ModelFitException"/>.</para>
/// <para><b>Separation.</b> When a combination of predictors splits won from lost deals perfectly (or perfectly on one side),
/// maximum-likelihood coefficients are infinite. The fit detects it — every fitted probability matching its outcome, or
/// fitted probabilities within 10⁻¹⁰ of 0 or 1 together with a coefficient above 10 per standard deviation of its
/// predictor — and throws <see cref="ModelFitException"/> naming the diverging columns and suggesting
/// <see cref="LogisticRegressionOptions.Penalty"/>; it never returns infinite or NaN coefficients.</para>
/// <para>With a penalty, standard errors come from the inverse of the penalized information matrix.</para>
/// </remarks>
public static class LogisticRegression
{
    /// <summary>Fits a logistic regression to predictors already in memory.</summary>
    /// <param name="x">Row-major predictors, <c>outcomes.Length × columns</c> values, without an intercept column.</param>
    /// <param name="columns">The number of predictor columns.</param>
    /// <param name="outcomes">Each row's outcome: 1 (won) or 0 (lost); fractions in [0, 1] are allowed (shares of binomial trials).</param>
    /// <param name="options">The defaults of <see cref="LogisticRegressionOptions"/> when null.</param>
    /// <param name="weights">One weight per row (finite, at least 0), or empty.</param>
    /// <param name="names">Predictor names; the default is "x1", "x2", ….</param>
    /// <returns>The fit.</returns>
    /// <exception cref="ArgumentException">NaN or infinite values, outcomes outside [0, 1], mismatched lengths.</exception>
    /// <exception cref="ModelFitException">Separation, collinear or constant columns (named), too few rows, a single outcome value, or no convergence.</exception>
    public static LogisticFit Fit(ReadOnlySpan<double> x, int columns, ReadOnlySpan<double> outcomes, LogisticRegressionOptions? options = null,
        ReadOnlySpan<double> weights = default, IReadOnlyList<string>? names = null)
    {
        string[] columnNames = LinearRegression.CheckNames(names, columns);
        int n = outcomes.Length;
        if (x.Length != (long)n * columns)
            throw new ArgumentException($"The predictors hold {x.Length} values; {n} rows × {columns} columns need {(long)n * columns}.", nameof(x));
        return Fit(new MatrixDesignRows(x.ToArray(), columns, outcomes.ToArray(), columnNames), options, weights);
    }

    /// <summary>Fits a logistic regression to rows produced on the fly; <see cref="IDesignRows.Response"/> is the outcome.</summary>
    /// <param name="design">The rows.</param>
    /// <param name="options">The defaults of <see cref="LogisticRegressionOptions"/> when null.</param>
    /// <param name="weights">One weight per row (finite, at least 0), or empty.</param>
    /// <returns>The fit.</returns>
    /// <exception cref="ArgumentException">NaN or infinite values, outcomes outside [0, 1], mismatched lengths.</exception>
    /// <exception cref="ModelFitException">Separation, collinear or constant columns (named), too few rows, a single outcome value, or no convergence.</exception>
    public static LogisticFit Fit(IDesignRows design, LogisticRegressionOptions? options = null, ReadOnlySpan<double> weights = default)
    {
        ArgumentNullException.ThrowIfNull(design);
        options ??= new LogisticRegressionOptions();
        options.Validate();
        if (design is DesignMatrix { HasResponse: false })
            throw new ArgumentException("The design has no outcome; add one with DesignMatrixBuilder.Response before fitting.", nameof(design));
        int n = design.Rows;
        int c = design.Columns;
        bool intercept = options.Intercept;
        if (c == 0 && !intercept) throw new ArgumentException("A model without an intercept needs at least one predictor column.", nameof(design));
        double[]? w = LinearRegression.CheckWeights(weights, n);
        string[] names = [.. design.ColumnNames];

        CrossProducts cp = LinearRegression.Accumulate(design, w, options.MaxDegreeOfParallelism);
        LinearRegression.CheckFinite(cp, design, w);
        int p = c + (intercept ? 1 : 0);
        if (cp.Count <= p)
            throw new ModelFitException($"The fit has {cp.Count} rows with positive weight for {p} parameters; at least {p + 1} are needed. Add deals or drop predictors.");
        CheckOutcomes(design, w);
        double sumW = cp.SumOfWeights;
        double meanY = cp.MeanOf(c);
        if (meanY <= 0 || meanY >= 1)
            throw new ModelFitException($"Every deal has outcome {(meanY <= 0 ? 0 : 1)}, so there is nothing to separate won from lost; a win probability needs both outcomes.");
        LinearRegression.ColumnScales(cp, intercept, names, checkResponse: false);

        // Working parametrization: z = (x − m) / s with the weighted mean and SD (RMS without an intercept).
        var m = new double[c];
        var s = new double[c];
        for (int j = 0; j < c; j++)
        {
            double mean = cp.MeanOf(j);
            m[j] = intercept ? mean : 0;
            double second = cp.Get(j, j) + (intercept ? 0 : sumW * mean * mean);
            s[j] = Math.Sqrt(second / sumW);
        }
        var pass = new Pass(design, w, intercept, m, s, options.MaxDegreeOfParallelism);
        var theta = new double[p];
        if (intercept) theta[0] = Math.Log(meanY / (1 - meanY));
        double penalty = options.Penalty * sumW;
        Pass.Result current = pass.Run(theta);
        double nullDeviance = intercept ? current.Deviance : pass.Run(new double[p]).Deviance;
        double objective = current.Deviance + PenaltyTerm(theta, penalty, intercept);
        int iterations = 0;
        bool converged = false;
        double[] lastStep = new double[p];
        double[]? information = null;
        while (iterations < options.MaxIterations)
        {
            iterations++;
            double[] h = Penalized(current.Information, theta, penalty, intercept, p, out double[] gradient, current.Gradient);
            double[]? r = DenseMath.CholeskyUpper(ScaledCopy(h, p, out double[] d), p);
            if (r is null || Condition(h, p) > 1e14)
            {
                if (iterations > 1 && LooksSeparated(current, theta, s, intercept, names, out string? message)) throw new ModelFitException(message!);
                if (iterations > 1) throw new ModelFitException(SeparationMessage(theta, lastStep, s, intercept, names));
                throw new ModelFitException(LinearRegression.CollinearMessageFromEigen(PredictorBlock(h, p, intercept), c, intercept, names));
            }
            var scaledGradient = new double[p];
            for (int j = 0; j < p; j++) scaledGradient[j] = gradient[j] / d[j];
            double[] step = DenseMath.SolveWithFactor(r, p, scaledGradient);
            for (int j = 0; j < p; j++) step[j] /= d[j];
            // Step halving: never accept a step that worsens the penalized deviance.
            double factor = 1;
            Pass.Result next;
            double[] candidate = new double[p];
            double nextObjective;
            int halvings = 0;
            while (true)
            {
                for (int j = 0; j < p; j++) candidate[j] = theta[j] + factor * step[j];
                next = pass.Run(candidate);
                nextObjective = next.Deviance + PenaltyTerm(candidate, penalty, intercept);
                if (nextObjective <= objective * (1 + 1e-12) + 1e-300 || halvings >= 30) break;
                factor /= 2;
                halvings++;
            }
            for (int j = 0; j < p; j++) lastStep[j] = candidate[j] - theta[j];
            double change = Math.Abs(objective - nextObjective) / (Math.Abs(nextObjective) + 0.1);
            theta = (double[])candidate.Clone();
            current = next;
            objective = nextObjective;
            if (current.Deviance < 1e-8 * sumW && penalty == 0)
                throw new ModelFitException(SeparationMessage(theta, lastStep, s, intercept, names, complete: true));
            if (change < options.Tolerance)
            {
                converged = true;
                break;
            }
        }
        if (!converged)
        {
            if (LooksSeparated(current, theta, s, intercept, names, out string? message)) throw new ModelFitException(message!);
            throw new ModelFitException($"The logistic fit did not converge in {options.MaxIterations} iterations. Raise MaxIterations, rescale extreme predictors, or set a small Penalty (e.g. 0.01).");
        }
        if (penalty == 0 && LooksSeparated(current, theta, s, intercept, names, out string? separated)) throw new ModelFitException(separated!);
        information = Penalized(current.Information, theta, penalty, intercept, p, out _, current.Gradient);
        double[]? rFinal = DenseMath.CholeskyUpper(ScaledCopy(information, p, out double[] dFinal), p)
            ?? throw new ModelFitException(LinearRegression.CollinearMessageFromEigen(PredictorBlock(information, p, intercept), c, intercept, names));
        double[] rInv = DenseMath.UpperInverse(rFinal, p);
        double[] covTheta = DenseMath.InverseFromFactor(rInv, p);
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++) covTheta[i * p + j] /= dFinal[i] * dFinal[j];
        // Back to the original parametrization: β_j = θ_j / s_j, β0 = θ0 − Σ θ_j m_j / s_j.
        int i0 = intercept ? 1 : 0;
        var jac = new double[p * p];
        if (intercept)
        {
            jac[0] = 1;
            for (int j = 0; j < c; j++) jac[j + 1] = -m[j] / s[j];
        }
        for (int j = 0; j < c; j++) jac[(j + i0) * p + j + i0] = 1 / s[j];
        var beta = new double[p];
        for (int i = 0; i < p; i++)
            for (int k = 0; k < p; k++) beta[i] += jac[i * p + k] * theta[k];
        double[] cov = DenseMath.Sandwich(jac, covTheta, p);
        var allNames = new string[p];
        if (intercept) allNames[0] = RegressionFit.InterceptName;
        for (int j = 0; j < c; j++) allNames[j + i0] = names[j];
        return new LogisticFit(allNames, intercept, beta, cov, options.ConfidenceLevel, (int)cp.Count, current.Deviance, nullDeviance,
            current.LogLikelihood, iterations, options.Penalty);
    }

    private static void CheckOutcomes(IDesignRows design, double[]? w)
    {
        for (int i = 0; i < design.Rows; i++)
        {
            if (w is not null && w[i] == 0) continue;
            double y = design.Response(i);
            if (!(y >= 0 && y <= 1))
                throw new ArgumentException($"The outcome of row {i} is outside [0, 1]; use 1 for won and 0 for lost.", nameof(design));
        }
    }

    private static double PenaltyTerm(double[] theta, double penalty, bool intercept)
    {
        if (penalty == 0) return 0;
        double sum = 0;
        for (int j = intercept ? 1 : 0; j < theta.Length; j++) sum += theta[j] * theta[j];
        return penalty * sum;   // on the deviance scale: 2 × (λ/2)·Σw·Σθ²
    }

    /// <summary>Information matrix plus penalty, and the penalized gradient of the log-likelihood.</summary>
    private static double[] Penalized(double[] information, double[] theta, double penalty, bool intercept, int p, out double[] gradient, double[] rawGradient)
    {
        var h = (double[])information.Clone();
        gradient = (double[])rawGradient.Clone();
        if (penalty == 0) return h;
        for (int j = intercept ? 1 : 0; j < p; j++)
        {
            h[j * p + j] += penalty;
            gradient[j] -= penalty * theta[j];
        }
        return h;
    }

    private static double[] ScaledCopy(double[] h, int p, out double[] d)
    {
        d = new double[p];
        for (int j = 0; j < p; j++) d[j] = Math.Sqrt(Math.Max(h[j * p + j], 1e-300));
        var a = new double[p * p];
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++) a[i * p + j] = h[i * p + j] / (d[i] * d[j]);
        return a;
    }

    private static double Condition(double[] h, int p)
    {
        double[] a = ScaledCopy(h, p, out _);
        double[] e = DenseMath.SymmetricEigenvalues(a, p);
        return e[0] > 0 ? e[^1] / e[0] : double.PositiveInfinity;
    }

    private static double[] PredictorBlock(double[] h, int p, bool intercept)
    {
        int i0 = intercept ? 1 : 0;
        int c = p - i0;
        double[] scaled = ScaledCopy(h, p, out _);
        var block = new double[c * c];
        for (int i = 0; i < c; i++)
            for (int j = 0; j < c; j++) block[i * c + j] = scaled[(i + i0) * p + j + i0];
        return block;
    }

    private static bool LooksSeparated(Pass.Result result, double[] theta, double[] s, bool intercept, string[] names, out string? message)
    {
        message = null;
        double maxStd = 0;
        for (int j = intercept ? 1 : 0; j < theta.Length; j++) maxStd = Math.Max(maxStd, Math.Abs(theta[j]));
        if (result.Extreme > 0 && maxStd > 10)
        {
            message = SeparationMessage(theta, theta, s, intercept, names);
            return true;
        }
        return false;
    }

    private static string SeparationMessage(double[] theta, double[] direction, double[] s, bool intercept, string[] names, bool complete = false)
    {
        int i0 = intercept ? 1 : 0;
        double max = 0;
        for (int j = i0; j < theta.Length; j++) max = Math.Max(max, Math.Abs(direction[j]));
        var diverging = new List<string>();
        for (int j = i0; j < theta.Length; j++)
            if (Math.Abs(direction[j]) >= 0.25 * max && max > 0) diverging.Add($"'{names[j - i0]}'");
        _ = s;
        string which = diverging.Count > 0 ? $" The coefficients of {string.Join(", ", diverging)} grow without bound." : "";
        return (complete
                ? "The outcome is perfectly separated: the predictors split won from lost deals exactly, so maximum-likelihood coefficients are infinite."
                : "The outcome is (quasi-)separated: some deals are predicted won or lost with probability 0 or 1, so maximum-likelihood coefficients are infinite.")
            + which + " Set LogisticRegressionOptions.Penalty to a small value (e.g. 0.01), or drop or coarsen the separating predictor.";
    }

    /// <summary>One pass over the rows at given working coefficients: deviance, log-likelihood, gradient and information matrix.</summary>
    private sealed class Pass(IDesignRows design, double[]? w, bool intercept, double[] m, double[] s, int maxDegreeOfParallelism)
    {
        internal sealed record Result(double Deviance, double LogLikelihood, double[] Gradient, double[] Information, long Extreme);

        public Result Run(double[] theta)
        {
            int n = design.Rows;
            int c = design.Columns;
            int i0 = intercept ? 1 : 0;
            int p = c + i0;
            int chunks = Math.Max(1, (n + LinearRegression.ChunkRows - 1) / LinearRegression.ChunkRows);
            var parts = new (double Dev, double Ll, double[] G, double[] H, long Extreme)[chunks];
            const int block = LinearRegression.BlockRows;
            LinearRegression.RunChunks(chunks, maxDegreeOfParallelism, k =>
            {
                int start = k * LinearRegression.ChunkRows;
                int end = Math.Min(n, start + LinearRegression.ChunkRows);
                var a = new double[(c + 1) * block];
                var v = new double[p * block];
                var row = new double[c];
                var g = new double[p];
                var h = new double[p * p];
                var hb = new double[p * p];
                var eta = new double[block];
                var spPos = new double[block];
                var spNeg = new double[block];
                var mu = new double[block];
                var root = new double[block];
                var r = new double[block];
                double dev = 0, ll = 0;
                long extreme = 0;
                for (int b = start; b < end; b += block)
                {
                    int count = Math.Min(block, end - b);
                    LinearRegression.FillBlock(design, b, count, a, block, row, w);
                    Span<double> e = eta.AsSpan(0, count);
                    e.Fill(intercept ? theta[0] : 0);
                    for (int j = 0; j < c; j++)
                    {
                        Span<double> col = a.AsSpan(j * block, count);
                        if (m[j] != 0) TensorPrimitives.Subtract(col, m[j], col);
                        TensorPrimitives.Multiply(col, 1 / s[j], col);
                        TensorPrimitives.MultiplyAdd(col, theta[j + i0], e, e);
                    }
                    ReadOnlySpan<double> y = a.AsSpan(c * block, count);
                    // softplus(η) = max(η, 0) + log(1 + e^−|η|); log μ = −softplus(−η), log(1 − μ) = −softplus(η).
                    Span<double> pos = spPos.AsSpan(0, count), neg = spNeg.AsSpan(0, count), mus = mu.AsSpan(0, count);
                    TensorPrimitives.Abs(e, neg);
                    TensorPrimitives.Negate(neg, neg);
                    TensorPrimitives.Exp(neg, neg);
                    TensorPrimitives.Add(neg, 1.0, neg);
                    TensorPrimitives.Log(neg, neg);                 // log(1 + e^−|η|)
                    TensorPrimitives.Max(e, 0.0, pos);
                    TensorPrimitives.Add(pos, neg, pos);            // softplus(η)
                    TensorPrimitives.Subtract(pos, e, neg);         // softplus(−η) = softplus(η) − η
                    TensorPrimitives.Negate(neg, mus);
                    TensorPrimitives.Exp(mus, mus);                 // μ
                    Span<double> rt = root.AsSpan(0, count), res = r.AsSpan(0, count);
                    TensorPrimitives.Add(pos, neg, rt);
                    TensorPrimitives.Negate(rt, rt);
                    TensorPrimitives.Exp(rt, rt);                   // μ(1 − μ)
                    TensorPrimitives.Subtract(y, mus, res);         // y − μ
                    if (w is not null)
                    {
                        ReadOnlySpan<double> wb = w.AsSpan(b, count);
                        TensorPrimitives.Multiply(rt, wb, rt);
                        TensorPrimitives.Multiply(res, wb, res);
                    }
                    TensorPrimitives.Sqrt(rt, rt);
                    for (int i = 0; i < count; i++)
                    {
                        double wi = w is null ? 1 : w[b + i];
                        if (wi == 0) continue;
                        double yi = y[i];
                        double logMu = -neg[i], log1mMu = -pos[i];
                        if (Math.Abs(e[i]) > 23 && ((e[i] > 0) == (yi > 0.5))) extreme++;
                        ll += wi * (yi * logMu + (1 - yi) * log1mMu);
                        dev += 2 * wi * ((yi > 0 ? yi * (Math.Log(yi) - logMu) : 0) + (yi < 1 ? (1 - yi) * (Math.Log(1 - yi) - log1mMu) : 0));
                    }
                    if (intercept)
                    {
                        g[0] += TensorPrimitives.Sum((ReadOnlySpan<double>)res);
                        rt.CopyTo(v.AsSpan(0, count));
                    }
                    for (int j = 0; j < c; j++)
                    {
                        ReadOnlySpan<double> col = a.AsSpan(j * block, count);
                        g[j + i0] += TensorPrimitives.Dot(res, col);
                        TensorPrimitives.Multiply(col, rt, v.AsSpan((j + i0) * block, count));
                    }
                    CrossProducts.CoMoments(v, block, count, p, hb);
                    for (int i = 0; i < p; i++)
                        for (int j = i; j < p; j++) h[i * p + j] += hb[i * p + j];
                }
                parts[k] = (dev, ll, g, h, extreme);
            });
            double deviance = 0, logLikelihood = 0;
            long extremeTotal = 0;
            var gradient = new double[p];
            var information = new double[p * p];
            foreach (var part in parts)
            {
                deviance += part.Dev;
                logLikelihood += part.Ll;
                extremeTotal += part.Extreme;
                for (int j = 0; j < p; j++) gradient[j] += part.G[j];
                for (int i = 0; i < p; i++)
                    for (int j = i; j < p; j++) information[i * p + j] += part.H[i * p + j];
            }
            for (int i = 0; i < p; i++)
                for (int j = 0; j < i; j++) information[i * p + j] = information[j * p + i];
            return new Result(Math.Max(0, deviance), logLikelihood, gradient, information, extremeTotal);
        }

    }
}

/// <summary>A fitted logistic regression: coefficients on the log-odds scale with Wald inference. Immutable.</summary>
public sealed class LogisticFit
{
    private readonly string[] _names;
    private readonly double[] _coefficients;
    private readonly double[] _covariance;
    private readonly double[] _se;
    private readonly double[] _z;
    private readonly double[] _p;

    internal LogisticFit(string[] names, bool hasIntercept, double[] coefficients, double[] covariance, double level, int observations,
        double deviance, double nullDeviance, double logLikelihood, int iterations, double penalty)
    {
        _names = names;
        HasIntercept = hasIntercept;
        _coefficients = coefficients;
        _covariance = covariance;
        ConfidenceLevel = level;
        Observations = observations;
        Deviance = deviance;
        NullDeviance = nullDeviance;
        LogLikelihood = logLikelihood;
        Iterations = iterations;
        Penalty = penalty;
        int p = names.Length;
        _se = new double[p];
        _z = new double[p];
        _p = new double[p];
        for (int j = 0; j < p; j++)
        {
            _se[j] = Math.Sqrt(Math.Max(0, covariance[j * p + j]));
            _z[j] = coefficients[j] / _se[j];
            _p[j] = Distributions.NormalTwoSidedP(_z[j]);
        }
    }

    /// <summary>The number of rows used (weight above 0).</summary>
    public int Observations { get; }

    /// <summary>The number of coefficients, the intercept included.</summary>
    public int Parameters => _names.Length;

    /// <summary>Whether the model has an intercept (parameter 0).</summary>
    public bool HasIntercept { get; }

    /// <summary>The parameter names, "(Intercept)" first when present.</summary>
    public IReadOnlyList<string> Names => _names;

    /// <summary>The coefficients on the log-odds scale.</summary>
    public IReadOnlyList<double> Coefficients => _coefficients;

    /// <summary>Wald standard errors from the inverse (penalized) information matrix.</summary>
    public IReadOnlyList<double> StandardErrors => _se;

    /// <summary>Wald z statistics, coefficient / standard error.</summary>
    public IReadOnlyList<double> ZStatistics => _z;

    /// <summary>Two-sided p-values from the standard normal distribution.</summary>
    public IReadOnlyList<double> PValues => _p;

    /// <summary>The confidence level of <see cref="ConfidenceInterval(int)"/>.</summary>
    public double ConfidenceLevel { get; }

    /// <summary>The residual deviance, 2 Σ w [y log(y/μ) + (1 − y) log((1 − y)/(1 − μ))].</summary>
    public double Deviance { get; }

    /// <summary>The deviance of the intercept-only model (of μ = ½ without an intercept).</summary>
    public double NullDeviance { get; }

    /// <summary>The log-likelihood Σ w [y log μ + (1 − y) log(1 − μ)].</summary>
    public double LogLikelihood { get; }

    /// <summary>Akaike's information criterion, −2 log-likelihood + 2 × parameters.</summary>
    public double Aic => -2 * LogLikelihood + 2 * Parameters;

    /// <summary>The Newton iterations used.</summary>
    public int Iterations { get; }

    /// <summary>The L2 penalty the fit used (<see cref="LogisticRegressionOptions.Penalty"/>).</summary>
    public double Penalty { get; }

    /// <summary>The Wald confidence interval of coefficient <paramref name="j"/> at <see cref="ConfidenceLevel"/>.</summary>
    /// <param name="j">The parameter index.</param>
    /// <returns>coefficient ± z quantile × standard error, on the log-odds scale.</returns>
    public Interval ConfidenceInterval(int j) => ConfidenceInterval(j, ConfidenceLevel);

    /// <summary>The Wald confidence interval of coefficient <paramref name="j"/> at any <paramref name="level"/>.</summary>
    /// <param name="j">The parameter index.</param>
    /// <param name="level">The confidence level, strictly between 0 and 1.</param>
    /// <returns>coefficient ± z quantile × standard error, on the log-odds scale.</returns>
    public Interval ConfidenceInterval(int j, double level)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(j);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(j, Parameters);
        if (!(level > 0 && level < 1)) throw new ArgumentOutOfRangeException(nameof(level), level, "The confidence level must lie strictly between 0 and 1.");
        double half = Distributions.NormalCritical(level) * _se[j];
        return new Interval(_coefficients[j] - half, _coefficients[j] + half);
    }

    /// <summary>The estimated covariance of coefficients <paramref name="i"/> and <paramref name="j"/>.</summary>
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

    /// <summary>The index of the parameter named <paramref name="name"/>, or −1.</summary>
    /// <param name="name">A predictor name or "(Intercept)".</param>
    /// <returns>The index into <see cref="Names"/> and the other lists.</returns>
    public int IndexOf(string name) => Array.IndexOf(_names, name);

    /// <summary>The fitted probability (e.g. of winning) for one row of predictors.</summary>
    /// <param name="predictors">The predictor values without the intercept.</param>
    /// <returns>A probability in [0, 1].</returns>
    public double Probability(ReadOnlySpan<double> predictors)
    {
        int i0 = HasIntercept ? 1 : 0;
        if (predictors.Length != Parameters - i0)
            throw new ArgumentException($"The fit has {Parameters - i0} predictors; {predictors.Length} values were given.", nameof(predictors));
        double eta = LinearPredictor.Value(_coefficients, HasIntercept, predictors);
        return eta >= 0 ? 1 / (1 + Math.Exp(-eta)) : Math.Exp(eta) / (1 + Math.Exp(eta));
    }

    /// <summary>The fitted probability of every row of <paramref name="design"/>.</summary>
    /// <param name="design">Rows with the fit's predictor columns.</param>
    /// <param name="destination">A span of at least <c>design.Rows</c> values.</param>
    public void Probability(IDesignRows design, Span<double> destination)
    {
        ArgumentNullException.ThrowIfNull(design);
        if (destination.Length < design.Rows)
            throw new ArgumentException($"The destination holds {destination.Length} values; the design has {design.Rows} rows.", nameof(destination));
        LinearPredictor.EachRow(design, destination, (row, _) => Probability(row));
    }

    /// <summary>A coefficient table with Wald statistics and the deviances, invariant culture.</summary>
    /// <returns>The table as text.</returns>
    public override string ToString()
    {
        var ci = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        int width = Math.Max(12, _names.Max(n => n.Length) + 2);
        sb.Append(ci, $"Logistic regression, {Observations} rows, {Iterations} iterations{(Penalty > 0 ? $", penalty {Penalty:G4}" : "")}").AppendLine();
        sb.Append("Parameter".PadRight(width)).Append(ci, $"{"Estimate",14}{"Std. error",14}{"z",10}{"p",12}").AppendLine();
        for (int j = 0; j < Parameters; j++)
            sb.Append(_names[j].PadRight(width)).Append(ci, $"{_coefficients[j],14:G6}{_se[j],14:G6}{_z[j],10:F3}{_p[j],12:G4}").AppendLine();
        sb.Append(ci, $"Null deviance {NullDeviance:G6}, residual deviance {Deviance:G6}, AIC {Aic:G6}");
        return sb.ToString();
    }
}

namespace IcpAnalytics.Statistics;

/// <summary>How the standard errors of regression coefficients are computed.</summary>
public enum CovarianceType
{
    /// <summary>The classical covariance σ²(X'WX)⁻¹, valid when the noise has the same variance for every deal.</summary>
    Classical,

    /// <summary>White's heteroscedasticity-consistent sandwich with squared residuals (no small-sample correction).</summary>
    HC0,

    /// <summary>HC0 scaled by n/(n − p) (Stata's <c>robust</c>).</summary>
    HC1,

    /// <summary>Squared residuals divided by 1 − leverage.</summary>
    HC2,

    /// <summary>Squared residuals divided by (1 − leverage)²; the recommended default for robust inference on modest samples.</summary>
    HC3,

    /// <summary>One-way cluster-robust sandwich (CR1 with Stata's factor G/(G−1)·(n−1)/(n−p)); deals of one cluster (account, rep) may be correlated.</summary>
    Cluster,

    /// <summary>
    /// Bell–McCaffrey bias-reduced cluster-robust sandwich (CR2) with Satterthwaite degrees of freedom per coefficient, as
    /// R clubSandwich <c>vcovCR(type = "CR2")</c> with <c>coef_test(test = "Satterthwaite")</c>: the choice for a few dozen
    /// clusters (e.g. deals clustered by rep). Weights are treated as inverse-variance weights (clubSandwich's
    /// <c>inverse_var = TRUE</c>, Stata <c>reg_sandwich</c> with aweights).
    /// </summary>
    CR2,

    /// <summary>
    /// Two-way cluster-robust sandwich (Cameron, Gelbach and Miller 2011): V = V_A + V_B − V_(A∩B), each one-way part with its
    /// own factor G/(G−1)·(n−1)/(n−p); deals may be correlated within an account and within a rep. Negative eigenvalues of the
    /// result, if any, are set to 0 (CGM's fix) and a warning says so. Inference uses min(G_A, G_B) − 1 degrees of freedom.
    /// </summary>
    TwoWayCluster,

    /// <summary>
    /// Newey–West heteroscedasticity- and autocorrelation-consistent sandwich with the Bartlett kernel, for rows in time order
    /// (one series); no finite-sample factor, as R sandwich <c>NeweyWest(..., prewhite = FALSE)</c>. The lag is
    /// <see cref="RegressionOptions.HacLag"/>, by default ⌊4(n/100)^(2/9)⌋.
    /// </summary>
    NeweyWest,
}

/// <summary>What regression weights mean.</summary>
public enum WeightKind
{
    /// <summary>Analytic (precision) weights: a row with weight 2 is one observation measured twice as precisely; the residual degrees of freedom count rows.</summary>
    Analytic,

    /// <summary>
    /// Frequency weights: a row with weight 3 stands for 3 identical observations (e.g. aggregated deals); every result equals the fit on the
    /// expanded data, so the residual degrees of freedom are Σw − p. Weights must be whole numbers.
    /// </summary>
    Frequency,
}

/// <summary>How a least-squares problem was solved; reported on every <see cref="RegressionFit"/>.</summary>
public enum LeastSquaresMethod
{
    /// <summary>Householder QR of the centred, column-scaled rows (the materialized path).</summary>
    HouseholderQR,

    /// <summary>Cholesky factorization of the centred, scaled cross-products, used only when their condition number is at most 10⁶.</summary>
    Cholesky,

    /// <summary>Householder QR accumulated block by block over streamed rows (TSQR-style merge), used when the cross-products are ill-conditioned.</summary>
    BlockedQR,
}

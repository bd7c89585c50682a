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

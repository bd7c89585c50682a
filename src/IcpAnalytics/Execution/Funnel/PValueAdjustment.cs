namespace IcpAnalytics.Execution.Funnel;

/// <summary>How p-values are adjusted when many reps and steps are tested at once.</summary>
public enum PValueAdjustment
{
    /// <summary>Holm's step-down method: controls the chance of any false finding (family-wise error rate).</summary>
    Holm,

    /// <summary>Benjamini–Hochberg: controls the expected share of false findings among those reported (false discovery rate).</summary>
    BenjaminiHochberg,
}

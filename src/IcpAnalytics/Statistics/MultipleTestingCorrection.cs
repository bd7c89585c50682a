namespace IcpAnalytics.Statistics;

/// <summary>
/// How p-values are adjusted when many hypotheses are tested at once: the ICP's candidate rules on the confirmation deals
/// (<c>IcpOptions.Correction</c>), the funnel's rep × step leak tests (<c>ActivityFunnelOptions.Correction</c>).
/// </summary>
public enum MultipleTestingCorrection
{
    /// <summary>Holm's step-down method: controls the chance of any false finding (family-wise error rate).</summary>
    Holm,

    /// <summary>Benjamini–Hochberg: controls the expected share of false findings among those reported (false discovery rate).</summary>
    BenjaminiHochberg,
}

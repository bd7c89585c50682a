namespace IcpAnalytics.Segments;

/// <summary>
/// The yield measure segments and rules are ranked by. Definitions (one meaning everywhere, see docs/architecture.md):
/// win rate = won / pursued; margin per deal pursued = Σ gross margin of won deals / deals pursued;
/// margin per effort hour = Σ gross margin of won deals / Σ effort hours of all pursued deals.
/// When the deals have no gross margin, "margin" reads as revenue (<see cref="Data.DealSet.YieldFallsBackToRevenue"/>).
/// </summary>
public enum ProfitYield
{
    /// <summary>Deals won / deals pursued.</summary>
    WinRate,

    /// <summary>Σ gross margin of won deals / deals pursued (lost deals count as 0).</summary>
    MarginPerDealPursued,

    /// <summary>Σ gross margin of won deals / Σ effort hours of all pursued deals (effort on lost deals is a real cost).</summary>
    MarginPerEffortHour,
}

namespace IcpAnalytics.Execution.Coaching;

/// <summary>Measure names in words.</summary>
internal static class MeasureNames
{
    public static string Of(OutcomeMeasure measure) => measure switch
    {
        OutcomeMeasure.AverageOrderValue => "average order value",
        OutcomeMeasure.MeanDiscount => "mean discount",
        OutcomeMeasure.WinRate => "win rate",
        OutcomeMeasure.MarginPerDeal => "margin per deal",
        _ => "cycle days",
    };

    public static bool IsFraction(OutcomeMeasure measure) => measure is OutcomeMeasure.MeanDiscount or OutcomeMeasure.WinRate;
}

namespace IcpAnalytics.Execution.Coaching;

/// <summary>An outcome measure taken from closed deals, for one rep (or manager's team) and one period.</summary>
public enum OutcomeMeasure
{
    /// <summary>Average order value: the mean revenue of won deals. Compared with Welch's interval.</summary>
    AverageOrderValue,

    /// <summary>Mean discount of won deals that record one (0.12 = 12%). Compared with Welch's interval.</summary>
    MeanDiscount,

    /// <summary>Win rate: won ÷ closed deals pursued. Compared with Newcombe's interval for a difference of proportions.</summary>
    WinRate,

    /// <summary>Margin per deal pursued: gross margin of won deals (revenue when there is no margin column) ÷ closed deals, i.e. the mean over closed deals of margin if won, 0 if lost. Welch's interval.</summary>
    MarginPerDeal,

    /// <summary>Mean sales-cycle days of won deals. Compared with Welch's interval.</summary>
    CycleDays,
}

using IcpAnalytics.Data;

namespace IcpAnalytics.Warehouses;

/// <summary>Options of a warehouse source: the deal-loading options (labels, policy), the statement timeout.</summary>
public sealed record WarehouseOptions
{
    /// <summary>Outcome labels, bad-data policy and culture, as for a CSV; <see cref="DealLoadOptions.SourceName"/> names the source in reports.</summary>
    /// <value>The default is a default <see cref="DealLoadOptions"/> (strict: any bad row stops the analysis).</value>
    public DealLoadOptions Load { get; init; } = new();

    /// <summary>How long one statement may run before the warehouse cancels it.</summary>
    /// <value>The default is 10 minutes.</value>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(10);

    internal void Validate()
    {
        ArgumentNullException.ThrowIfNull(Load);
        Load.Validate();
        if (CommandTimeout <= TimeSpan.Zero || CommandTimeout > TimeSpan.FromDays(1))
            throw new InvalidOptionsException(["CommandTimeout must be above 0 and at most 1 day, e.g. TimeSpan.FromMinutes(10)."]);
    }
}

using System.Globalization;
using System.Text;
using IcpAnalytics.Data;

namespace IcpAnalytics.Segments;

/// <summary>Options of <see cref="WhaleCurveExtensions.WhaleCurve(DealSet, WhaleCurveOptions?)"/>.</summary>
public sealed record WhaleCurveOptions
{
    /// <summary>
    /// An optional cost charged per effort hour, so that an account's contribution is Σ margin of its won deals −
    /// cost × Σ effort hours of all its deals. At 0 the contribution is plain margin contribution.
    /// </summary>
    /// <value>The default is 0 (margin contribution only).</value>
    public double CostPerEffortHour { get; init; }

    /// <summary>How many points of the curve to keep (evenly spaced by account rank; the first, last and peak points are always kept).</summary>
    /// <value>The default is 101.</value>
    public int MaxPoints { get; init; } = 101;
}

/// <summary>One point of a whale curve: the top <see cref="Accounts"/> accounts and the share of total contribution they hold.</summary>
/// <param name="Accounts">How many accounts, best first.</param>
/// <param name="AccountShare">Those accounts as a share of all accounts (0–1).</param>
/// <param name="MarginShare">Their cumulative contribution as a share of the total (above 1 before the unprofitable tail).</param>
public sealed record WhaleCurvePoint(int Accounts, double AccountShare, double MarginShare);

/// <summary>
/// The whale curve: accounts ranked by margin contribution (best first), cumulative share of total contribution against
/// cumulative share of accounts. It rises above 100% while accounts add margin, peaks, and falls back to 100% through the
/// tail of accounts that lose money. Shares are of the total contribution when it is positive, otherwise of the peak.
/// </summary>
public sealed record WhaleCurve
{
    /// <summary>Accounts with at least one deal.</summary>
    public required int Accounts { get; init; }

    /// <summary>Σ contribution over all accounts (margin of won deals, minus the effort cost when one is set).</summary>
    public required double TotalContribution { get; init; }

    /// <summary>The cost per effort hour charged (0: plain margin contribution).</summary>
    public required double CostPerEffortHour { get; init; }

    /// <summary>Whether "margin" is revenue, because the deals have no gross margin.</summary>
    public required bool YieldOnRevenue { get; init; }

    /// <summary>How many top accounts the curve peaks at (all accounts with a positive contribution).</summary>
    public required int PeakAccounts { get; init; }

    /// <summary><see cref="PeakAccounts"/> as a share of all accounts.</summary>
    public required double PeakAccountShare { get; init; }

    /// <summary>The peak height: cumulative contribution of the profitable accounts as a share of the total (e.g. 1.4 = 140%).</summary>
    public required double PeakMarginShare { get; init; }

    /// <summary>The 1-based rank of the first account with a negative contribution, where the unprofitable tail starts; null when no account loses money.</summary>
    public int? TailStartsAtAccount { get; init; }

    /// <summary>Accounts with a negative contribution.</summary>
    public required int UnprofitableAccounts { get; init; }

    /// <summary>Σ contribution of the unprofitable accounts (≤ 0).</summary>
    public required double TailContribution { get; init; }

    /// <summary>The curve, from the first account to the last.</summary>
    public required IReadOnlyList<WhaleCurvePoint> Points { get; init; }

    /// <summary>A short description: peak, tail and totals.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        sb.Append(CultureInfo.InvariantCulture, $"Whale curve over {Accounts:N0} accounts: total contribution {TotalContribution:N0}");
        if (CostPerEffortHour > 0) sb.Append(CultureInfo.InvariantCulture, $" (after {CostPerEffortHour:N2} per effort hour)");
        sb.AppendLine();
        sb.Append(CultureInfo.InvariantCulture, $"  peaks at {PeakMarginShare:P0} of the total with the top {PeakAccounts:N0} accounts ({PeakAccountShare:P1})");
        if (TailStartsAtAccount is { } t)
            sb.Append(CultureInfo.InvariantCulture, $"; the unprofitable tail starts at account #{t:N0}: {UnprofitableAccounts:N0} accounts lose {-TailContribution:N0}");
        else sb.Append("; no account loses money");
        return sb.ToString();
    }
}

/// <summary>The whale curve of a <see cref="DealSet"/>: <c>deals.WhaleCurve()</c>.</summary>
public static class WhaleCurveExtensions
{
    /// <summary>Ranks accounts by margin contribution and traces the whale curve.</summary>
    /// <param name="deals">The deals.</param>
    /// <param name="options">Optional effort cost and curve resolution; the defaults when null.</param>
    /// <exception cref="InvalidOptionsException">An option is invalid or the deal set is empty.</exception>
    public static WhaleCurve WhaleCurve(this DealSet deals, WhaleCurveOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(deals);
        options ??= new WhaleCurveOptions();
        var problems = new List<string>();
        if (!double.IsFinite(options.CostPerEffortHour) || options.CostPerEffortHour < 0)
            problems.Add(string.Create(CultureInfo.InvariantCulture, $"CostPerEffortHour is {options.CostPerEffortHour}; it must be a finite number ≥ 0 (the default is 0)."));
        if (options.MaxPoints < 2) problems.Add(string.Create(CultureInfo.InvariantCulture, $"MaxPoints is {options.MaxPoints}; it must be at least 2 (the default is 101)."));
        if (options.CostPerEffortHour > 0 && deals.EffortHours is null) problems.Add("CostPerEffortHour is set but the deals have no effort hours; leave it at 0 or load effort hours.");
        if (deals.Count == 0) problems.Add("The deal set is empty; the whale curve needs at least one deal.");
        Throw.IfAny(problems);

        int levels = deals.Accounts.LevelArray.Length;
        var contribution = new double[levels + 1];
        var seen = new bool[levels + 1];
        int[]? rows = deals.Rows;
        byte[] won = deals.WonFlags;
        double[] amount = deals.YieldAmount.Data;
        double[]? hours = deals.EffortHours?.Data;
        int[] accountCodes = deals.Accounts.Codes;
        double cost = options.CostPerEffortHour;
        for (int i = 0; i < deals.Count; i++)
        {
            int r = rows is null ? i : rows[i];
            int a = accountCodes[r];
            if (a < 0) a = levels;
            seen[a] = true;
            if (won[r] != 0 && !double.IsNaN(amount[r])) contribution[a] += amount[r];
            if (cost > 0 && hours is not null && !double.IsNaN(hours[r])) contribution[a] -= cost * hours[r];
        }
        var values = new List<double>();
        for (int a = 0; a <= levels; a++)
        {
            if (seen[a]) values.Add(contribution[a]);
        }
        double[] sorted = [.. values];
        Array.Sort(sorted);
        Array.Reverse(sorted);
        int m = sorted.Length;
        double total = 0, peak = 0, tail = 0;
        int positive = 0, negative = 0;
        foreach (double v in sorted)
        {
            total += v;
            if (v > 0) { positive++; peak += v; }
            else if (v < 0) { negative++; tail += v; }
        }
        double scale = total > 0 ? total : peak > 0 ? peak : 1;
        var keep = new SortedSet<int> { 1, m };
        if (positive > 0) keep.Add(positive);
        for (int k = 0; k < options.MaxPoints; k++) keep.Add(Math.Max(1, (int)Math.Round((double)k * m / (options.MaxPoints - 1))));
        var points = new List<WhaleCurvePoint>(keep.Count + 1) { new(0, 0, 0) };
        double cumulative = 0;
        int next = 0;
        foreach (int rank in keep)
        {
            while (next < rank) cumulative += sorted[next++];
            points.Add(new WhaleCurvePoint(rank, (double)rank / m, cumulative / scale));
        }
        return new WhaleCurve
        {
            Accounts = m,
            TotalContribution = total,
            CostPerEffortHour = cost,
            YieldOnRevenue = deals.YieldFallsBackToRevenue,
            PeakAccounts = positive,
            PeakAccountShare = (double)positive / m,
            PeakMarginShare = peak / scale,
            TailStartsAtAccount = negative > 0 ? m - negative + 1 : null,
            UnprofitableAccounts = negative,
            TailContribution = tail,
            Points = points,
        };
    }
}

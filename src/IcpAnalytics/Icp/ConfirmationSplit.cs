namespace IcpAnalytics.Icp;

/// <summary>What the discovery/confirmation split of the training deals was made of.</summary>
public enum ConfirmationSplitUnit
{
    /// <summary>Accounts, with all their deals, fall on one side (deals without an account count as accounts of their own).</summary>
    Accounts,

    /// <summary>Deals fall on either side one by one: there is no account column, every account has one deal, or there are too few accounts to split.</summary>
    Deals,
}

/// <summary>
/// How ICP discovery split the training deals into discovery and confirmation deals, and whether the confirmation evidence
/// is thin. The report and the CLI print <see cref="Description"/> and <see cref="EvidenceNote"/>.
/// </summary>
/// <remarks>
/// Accounts are the unit of the split when at least <see cref="MinAccountsToSplitByAccount"/> accounts have deals and some
/// account has several. Without an account column (or when every account has one deal) each deal is its own account, so
/// the split is by deal. With fewer accounts the split is by deal too, and the confirmation tests treat deals as
/// independent (an account-clustered test on a handful of accounts has almost no degrees of freedom): deals of one account
/// can then sit on both sides, which is said. Neither side is ever left empty: when the seeded coins put every unit on one
/// side, the units are shuffled with the same seed and the confirmation share is taken from the top.
/// </remarks>
public sealed record ConfirmationSplit
{
    /// <summary>The fewest accounts with deals for which the split is by account (20).</summary>
    public const int MinAccountsToSplitByAccount = 20;

    /// <summary>The fewest confirmation units (accounts or deals) below which the evidence is called thin (20).</summary>
    public const int MinConfirmationUnits = 20;

    /// <summary>What was split: accounts or deals.</summary>
    /// <value>The default is <see cref="ConfirmationSplitUnit.Accounts"/>.</value>
    public ConfirmationSplitUnit Unit { get; init; } = ConfirmationSplitUnit.Accounts;

    /// <summary>Distinct accounts among the training deals (0 without an account column).</summary>
    public int Accounts { get; init; }

    /// <summary>Training deals without an account (each counts as an account of its own).</summary>
    public int DealsWithoutAccount { get; init; }

    /// <summary>Units (accounts or deals) on the confirmation side.</summary>
    public int ConfirmationUnits { get; init; }

    /// <summary>Whether the confirmation side is too small for a real segment to reach significance reliably (fewer than <see cref="MinAccountsToSplitByAccount"/> accounts, fewer than 2 × MinDeals confirmation deals, or fewer than <see cref="MinConfirmationUnits"/> confirmation units).</summary>
    public bool IsEvidenceThin { get; init; }

    /// <summary>The split in words, e.g. "split by account" or "split by deal (there is no account column: each deal counts as its own account)".</summary>
    /// <value>The default is "split by account".</value>
    public string Description { get; init; } = "split by account";

    /// <summary>When <see cref="IsEvidenceThin"/>: what that means for reading the rules (or their absence); otherwise null.</summary>
    public string? EvidenceNote { get; init; }

    /// <summary>The description and, when the evidence is thin, the note.</summary>
    public override string ToString() => EvidenceNote is null ? Description : Description + ". " + EvidenceNote;
}

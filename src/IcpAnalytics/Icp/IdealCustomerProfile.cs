using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using IcpAnalytics.Data;
using IcpAnalytics.Segments;

namespace IcpAnalytics.Icp;

/// <summary>
/// An Ideal Customer Profile: the significant rules found in closed deals (each with its yield and evidence), what they
/// cover, and a calibrated fit score for any account. Immutable and thread-safe; saved and loaded as versioned JSON
/// (<see cref="ToJson"/>, <see cref="FromJson(string)"/>) and a loaded profile scores identically.
/// </summary>
/// <remarks>
/// Scoring: for each rule, training deals are grouped by which of its conditions hold (deals matching the whole rule; deals
/// matching no rule of the profile with each partial pattern). Each group's value of <see cref="Measure"/> is shrunk toward
/// the pooled value by empirical Bayes (DerSimonian–Laird), giving <see cref="IcpRule.ExpectedYieldByConditionsHeld"/>. An
/// account's expected yield is the best full match's value, or, when it matches no rule, the best partial pattern's value.
/// The score maps that expected yield linearly from <see cref="ScoreFloor"/> (0) to <see cref="ScoreCeiling"/> (100), so
/// scores order accounts by expected yield on the training deals; <see cref="Validate"/> checks the order on later deals.
/// </remarks>
public sealed partial record IdealCustomerProfile
{
    /// <summary>The version of the JSON schema this profile is saved in.</summary>
    public const int CurrentSchemaVersion = 1;

    private CompiledProfile? _compiled;

    /// <summary>The JSON schema version (1).</summary>
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    /// <summary>The yield measure the rules were found and scored by.</summary>
    public required ProfitYield Measure { get; init; }

    /// <summary>Whether "margin" is revenue, because the training deals have no gross margin.</summary>
    public required bool YieldOnRevenue { get; init; }

    /// <summary>The attributes the search used, with their levels and band edges.</summary>
    public required IReadOnlyList<IcpAttribute> Attributes { get; init; }

    /// <summary>The rules that define the profile: significant on the confirmation deals, best first.</summary>
    public required IReadOnlyList<IcpRule> Rules { get; init; }

    /// <summary>Every rule carried from discovery to confirmation, significant or not, in order of discovery quality.</summary>
    public required IReadOnlyList<IcpRule> RankedRules { get; init; }

    /// <summary>The share of training deals that match at least one rule.</summary>
    public required double ShareOfDeals { get; init; }

    /// <summary>The share of the training deals' margin (of won deals) earned on deals that match a rule; 0 when total margin is not positive.</summary>
    public required double ShareOfMargin { get; init; }

    /// <summary>The share of the training deals' effort hours spent on deals that match a rule; null without effort hours.</summary>
    public double? ShareOfEffort { get; init; }

    /// <summary>The yield of training deals that match a rule (intervals clustered by account unless <see cref="IcpOptions.TreatDealsAsIndependent"/>).</summary>
    public required SegmentYield FitYield { get; init; }

    /// <summary>The yield of training deals that match no rule (intervals clustered by account unless <see cref="IcpOptions.TreatDealsAsIndependent"/>).</summary>
    public required SegmentYield NonFitYield { get; init; }

    /// <summary>The expected yield given to an account that matches no condition of any rule.</summary>
    public required double NonFitExpectedYield { get; init; }

    /// <summary>The expected yield that scores 0 (the lowest the profile assigns).</summary>
    public required double ScoreFloor { get; init; }

    /// <summary>The expected yield that scores 100 (the highest the profile assigns).</summary>
    public required double ScoreCeiling { get; init; }

    /// <summary>Training deals (all deals the profile was built from).</summary>
    public required int TrainingDeals { get; init; }

    /// <summary>Training deals the beam search looked at (the discovery side of the account split).</summary>
    public required int DiscoveryDeals { get; init; }

    /// <summary>Training deals held back to confirm rules (the other side of the account split).</summary>
    public required int ConfirmationDeals { get; init; }

    /// <summary>How the training deals were split into discovery and confirmation deals (by account or by deal, and why), and whether the confirmation evidence is thin.</summary>
    /// <value>The default is a split by account.</value>
    public ConfirmationSplit Split { get; init; } = new();

    /// <summary>Attributes left out of the search and why (one value on every deal, or all missing), e.g. "'segment' is left out: it has no values (all missing).".</summary>
    /// <value>The default is empty.</value>
    public IReadOnlyList<string> AttributeNotes { get; init; } = [];

    /// <summary>How many candidate rules the beam search evaluated on the discovery deals.</summary>
    public required int CandidatesEvaluated { get; init; }

    /// <summary>The options the profile was built with.</summary>
    public required IcpOptions Options { get; init; }

    // A copy made with `with` carries the original's cache; the owner check recompiles for the copy.
    private CompiledProfile Compiled
    {
        get
        {
            CompiledProfile? compiled = _compiled;
            if (compiled is null || !ReferenceEquals(compiled.Owner, this)) _compiled = compiled = CompiledProfile.Compile(this);
            return compiled;
        }
    }

    /// <summary>Whether the account fully matches at least one rule.</summary>
    /// <param name="account">The account, described by its attributes.</param>
    public bool Matches(AccountProfile account) => ScoreWithoutReasons(account).IsFit;

    /// <summary>The account's 0–100 fit score with the reasons: every condition of every rule, held, missed or unknown, and what it weighs.</summary>
    /// <param name="account">The account, described by its attributes; missing attributes give the reason "unknown".</param>
    public FitScore Score(AccountProfile account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return Compiled.Score(account);
    }

    /// <summary>
    /// The account's 0–100 fit score without the reasons: the fast path for scoring many accounts one at a time (it looks up
    /// only the attributes the rules read and allocates nothing). Gives the same score, fit and expected yield as
    /// <see cref="Score"/>; call <see cref="Score"/> for the accounts whose reasons you show.
    /// </summary>
    /// <param name="account">The account, described by its attributes; missing attributes count as not held.</param>
    public FitScoreSummary ScoreWithoutReasons(AccountProfile account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return Compiled.ScoreWithoutReasons(account);
    }

    /// <summary>The fit score of every deal's account in <paramref name="deals"/> (fast batch scoring over the columns).</summary>
    /// <param name="deals">Deals with (some of) the profile's attributes; missing attributes count as unknown.</param>
    public double[] ScoreDeals(DealSet deals)
    {
        ArgumentNullException.ThrowIfNull(deals);
        var scores = new double[deals.Count];
        Compiled.ScoreDeals(deals, scores, null);
        return scores;
    }

    /// <summary>Whether each deal's account fully matches at least one rule.</summary>
    /// <param name="deals">The deals.</param>
    public bool[] MatchDeals(DealSet deals)
    {
        ArgumentNullException.ThrowIfNull(deals);
        var fit = new bool[deals.Count];
        Compiled.ScoreDeals(deals, null, fit);
        return fit;
    }

    /// <summary>Compares ICP-fit against non-fit deals in <paramref name="later"/> (deals the profile never saw): win rate, margin per deal pursued and per effort hour, with intervals and tests, and the gain curve in money.</summary>
    /// <param name="later">Deals closed after the training deals.</param>
    public HoldoutValidation Validate(DealSet later) => HoldoutValidation.Compute(this, later, null);

    /// <summary>The profile as indented JSON with <c>"schemaVersion": 1</c> and a <c>"checksum"</c> (SHA-256 of the content) that loading verifies.</summary>
    public string ToJson() => Seal(ContentJson());

    /// <summary>Reads a profile saved by <see cref="ToJson"/>, refusing one whose content does not match its checksum or whose values are invalid.</summary>
    /// <param name="json">The JSON text.</param>
    /// <exception cref="IcpAnalyticsException">The JSON is not a profile, its schema version is not supported, it was edited after saving, or a value is invalid.</exception>
    public static IdealCustomerProfile FromJson(string json) => FromJson(json, new ProfileLoadOptions());

    private static IdealCustomerProfile FromJsonUnsealed(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        IdealCustomerProfile? profile;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("schemaVersion", out JsonElement version)
                || version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out int schema) || schema != CurrentSchemaVersion)
                throw new IcpAnalyticsException($"The profile's schemaVersion is {(doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("schemaVersion", out JsonElement v) ? v.ToString() : "missing")}; this library reads schemaVersion {CurrentSchemaVersion}. Rebuild the profile or upgrade IcpAnalytics.");
            profile = JsonSerializer.Deserialize(json, IcpJson.Profile);
        }
        catch (JsonException e)
        {
            throw new IcpAnalyticsException($"The text is not a saved ideal customer profile: {e.Message}", e);
        }
        if (profile is null) throw new IcpAnalyticsException("The text is not a saved ideal customer profile (it is JSON null).");
        _ = profile.Compiled;
        return profile;
    }

    /// <summary>Saves the profile as JSON to <paramref name="path"/>.</summary>
    /// <param name="path">The file to create or overwrite. The write is atomic: a temporary file in the same folder renamed into place, so a failed or interrupted save leaves the previous file intact.</param>
    public void Save(string path) => AtomicFile.WriteAllText(path, ToJson());

    /// <summary>Loads a profile saved with <see cref="Save"/>.</summary>
    /// <param name="path">The JSON file.</param>
    public static IdealCustomerProfile Load(string path) => Load(path, new ProfileLoadOptions());

    /// <summary>The rules, their coverage, and the search's counts.</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        string measure = MeasureFormat.Name(Measure, YieldOnRevenue);
        sb.Append(CultureInfo.InvariantCulture, $"Ideal customer profile by {measure}: {Rules.Count} rule{(Rules.Count == 1 ? "" : "s")}");
        sb.Append(CultureInfo.InvariantCulture, $" covering {ShareOfDeals:P1} of deals, {ShareOfMargin:P1} of margin");
        if (ShareOfEffort is { } e) sb.Append(CultureInfo.InvariantCulture, $", {e:P1} of effort");
        sb.AppendLine();
        for (int k = 0; k < Rules.Count; k++) sb.Append(CultureInfo.InvariantCulture, $"  {k + 1}. {Rules[k]}").AppendLine();
        if (Rules.Count == 0) sb.AppendLine("  no rule is significant after adjustment: no segment yields reliably more than the rest.");
        sb.Append(CultureInfo.InvariantCulture, $"  fit deals {MeasureFormat.Format(Measure, FitYield.ValueOf(Measure) ?? 0)} vs non-fit {MeasureFormat.Format(Measure, NonFitYield.ValueOf(Measure) ?? 0)}; ");
        sb.Append(CultureInfo.InvariantCulture, $"{CandidatesEvaluated:N0} candidates searched on {DiscoveryDeals:N0} discovery deals, {RankedRules.Count} tested on {ConfirmationDeals:N0} confirmation deals ({Split.Description}; {Options.Correction}, α = {Options.Alpha})");
        if (Split.EvidenceNote is { } thin) sb.AppendLine().Append("  ").Append(thin).Append('.');
        return sb.ToString();
    }

    /// <summary>Equality by the saved content.</summary>
    /// <param name="other">The other profile.</param>
    public bool Equals(IdealCustomerProfile? other) => other is not null && ToJson() == other.ToJson();

    /// <summary>A hash of the saved content.</summary>
    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(ToJson());
}

/// <summary>The JSON settings of saved profiles: camelCase names, enums as strings, indented; source-generated (no reflection: trimmed, native AOT and file-based apps).</summary>
internal static class IcpJson
{
    internal static readonly System.Text.Json.Serialization.Metadata.JsonTypeInfo<IdealCustomerProfile> Profile = IcpJsonContext.Default.IdealCustomerProfile;
}

/// <summary>Source-generated JSON metadata of saved profiles.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(IdealCustomerProfile))]
internal sealed partial class IcpJsonContext : JsonSerializerContext;

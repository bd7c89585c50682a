using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace IcpAnalytics.Icp;

/// <summary>How <see cref="IdealCustomerProfile.FromJson(string, ProfileLoadOptions)"/> treats a saved profile.</summary>
public sealed record ProfileLoadOptions
{
    /// <summary>
    /// Accept a profile whose content no longer matches its checksum (a deliberate hand edit) or that has none; every value is
    /// still validated. Save the loaded profile to re-seal it with a new checksum. Default false: such a profile is refused.
    /// </summary>
    public bool AcceptEditedContent { get; init; }
}

public sealed partial record IdealCustomerProfile
{
    private const string ChecksumPrefix = "sha256:";

    /// <summary>
    /// Reads a saved profile, refusing it when its content does not match its checksum (unless
    /// <see cref="ProfileLoadOptions.AcceptEditedContent"/>) or when any value is invalid (not finite, floor above ceiling,
    /// a share outside 0–1, a negative count, a rule naming an attribute or level the profile does not have, arrays of the wrong length).
    /// </summary>
    /// <param name="json">The JSON text written by <see cref="ToJson"/>.</param>
    /// <param name="options">Whether to accept a hand-edited profile.</param>
    /// <exception cref="IcpAnalyticsException">The profile is refused; the message names the reason.</exception>
    public static IdealCustomerProfile FromJson(string json, ProfileLoadOptions options)
    {
        ArgumentNullException.ThrowIfNull(json);
        ArgumentNullException.ThrowIfNull(options);
        string? stored = null;
        try
        {
            using JsonDocument doc = JsonDocument.Parse(json);
            CheckNumbers(doc.RootElement, "$");
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("checksum", out JsonElement c) && c.ValueKind == JsonValueKind.String)
                stored = c.GetString();
        }
        catch (JsonException e)
        {
            throw new IcpAnalyticsException($"The text is not a saved ideal customer profile: {e.Message}", e);
        }
        IdealCustomerProfile profile = FromJsonUnsealed(json);
        if (!options.AcceptEditedContent)
        {
            string expected = Checksum(profile.ContentJson());
            if (stored is null)
                throw new IcpAnalyticsException("The profile has no checksum, so edits cannot be ruled out. If its content is as intended, load it with new ProfileLoadOptions { AcceptEditedContent = true } and Save it to seal it.");
            if (!string.Equals(stored, expected, StringComparison.Ordinal))
                throw new IcpAnalyticsException("The profile's content does not match its checksum: it was changed after it was saved (by hand or by another tool), so its scores cannot be trusted. Rebuild it from the deals, or, if the edit is deliberate, load it with new ProfileLoadOptions { AcceptEditedContent = true } and Save it to re-seal it.");
        }
        CheckValues(profile);
        return profile;
    }

    /// <summary>Loads a profile saved with <see cref="Save"/> (see <see cref="FromJson(string, ProfileLoadOptions)"/>).</summary>
    /// <param name="path">The JSON file.</param>
    /// <param name="options">Whether to accept a hand-edited profile.</param>
    public static IdealCustomerProfile Load(string path, ProfileLoadOptions options) => FromJson(File.ReadAllText(path), options);

    // The JSON without the checksum; the checksum is SHA-256 of its UTF-8 bytes.
    private string ContentJson() => JsonSerializer.Serialize(this, IcpJson.Profile);

    private static string Checksum(string content) => ChecksumPrefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)));

    // Inserts "checksum" right after "schemaVersion" (the first property), keeping the indented layout.
    private static string Seal(string content)
    {
        int lineEnd = content.IndexOf('\n', content.IndexOf("\"schemaVersion\"", StringComparison.Ordinal));
        return content[..(lineEnd + 1)] + "  \"checksum\": \"" + Checksum(content) + "\",\n" + content[(lineEnd + 1)..];
    }

    private static void CheckNumbers(JsonElement e, string path)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (JsonProperty p in e.EnumerateObject()) CheckNumbers(p.Value, path + "." + p.Name);
                break;
            case JsonValueKind.Array:
                int i = 0;
                foreach (JsonElement item in e.EnumerateArray()) CheckNumbers(item, $"{path}[{i++}]");
                break;
            case JsonValueKind.Number:
                if (!e.TryGetDouble(out double v) || !double.IsFinite(v))
                    throw new IcpAnalyticsException($"The profile's value at {path} is not a finite number (it overflows a double); a saved profile holds finite numbers only. Rebuild the profile or correct that value.");
                break;
        }
    }

    private static void CheckValues(IdealCustomerProfile p)
    {
        var problems = new List<string>();
        void Share(string name, double? v)
        {
            if (v is double d && !(d >= 0 && d <= 1)) problems.Add($"{name} is {d}; a share lies between 0 and 1.");
        }
        if (p.ScoreFloor > p.ScoreCeiling) problems.Add($"scoreFloor ({p.ScoreFloor}) is above scoreCeiling ({p.ScoreCeiling}); the floor scores 0 and the ceiling 100.");
        Share("shareOfDeals", p.ShareOfDeals);
        Share("shareOfMargin", p.ShareOfMargin);
        Share("shareOfEffort", p.ShareOfEffort);
        if (p.TrainingDeals < 0 || p.DiscoveryDeals < 0 || p.ConfirmationDeals < 0 || p.CandidatesEvaluated < 0) problems.Add("a deal or candidate count is negative.");
        if (p.DiscoveryDeals + p.ConfirmationDeals > p.TrainingDeals) problems.Add($"discoveryDeals + confirmationDeals ({p.DiscoveryDeals + p.ConfirmationDeals}) exceed trainingDeals ({p.TrainingDeals}).");
        foreach (IcpAttribute a in p.Attributes)
        {
            if (a.BandEdges is { } edges)
            {
                for (int i = 1; i < edges.Count; i++)
                {
                    if (!(edges[i] > edges[i - 1])) problems.Add($"the band edges of '{a.Name}' do not increase; edges must be strictly increasing.");
                }
            }
        }
        for (int r = 0; r < p.Rules.Count; r++)
        {
            foreach (RuleCondition c in p.Rules[r].Conditions)
            {
                IcpAttribute? attribute = p.Attributes.FirstOrDefault(a => a.Name == c.Attribute);
                if (attribute is null) problems.Add($"rule {r + 1} uses the attribute '{c.Attribute}', which the profile does not list.");
                else if (!c.IsUnknown && !attribute.Levels.Contains(c.Level)) problems.Add($"rule {r + 1} uses the level '{c.Level}' of '{c.Attribute}', which the profile does not list.");
            }
            Share($"rule {r + 1}'s coverage", p.Rules[r].Coverage);
        }
        if (problems.Count > 0) throw new IcpAnalyticsException("The profile is invalid: " + string.Join(" ", problems) + " Rebuild the profile from the deals.");
    }
}

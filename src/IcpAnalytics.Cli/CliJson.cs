using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;
using IcpAnalytics.Execution;
using IcpAnalytics.Execution.Coaching;
using IcpAnalytics.Execution.Funnel;
using IcpAnalytics.Execution.GoalSurvey;
using IcpAnalytics.Execution.Losses;
using IcpAnalytics.Execution.Maturity;
using IcpAnalytics.Execution.Sellers;

namespace IcpAnalytics.Cli;

/// <summary>
/// The JSON the commands print (<c>--format json</c>), through source-generated metadata (no reflection: works trimmed and native AOT).
/// Raw cell values of rejected rows are left out unless <c>--show-values</c> is given (deal data can be confidential).
/// </summary>
internal static class CliJson
{
    private static readonly JsonSerializerOptions WithValues = Create(showValues: true);
    private static readonly JsonSerializerOptions WithoutValues = Create(showValues: false);

    /// <summary>The value as indented JSON (property names as the types spell them, NaN and infinities as strings).</summary>
    public static string Serialize<T>(T value, bool showValues)
    {
        JsonSerializerOptions options = showValues ? WithValues : WithoutValues;
        var info = (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
        return JsonSerializer.Serialize(value, info);
    }

    // The options resolve through the source-generated context, with a modifier that drops RejectedRow.RawValue by default.
    private static JsonSerializerOptions Create(bool showValues)
    {
        var options = new JsonSerializerOptions
        {
            WriteIndented = true,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            Converters = { new JsonStringEnumConverter() },
            TypeInfoResolver = new CliJsonContext().WithAddedModifier(info =>
            {
                if (showValues || info.Type != typeof(RejectedRow)) return;
                for (int i = info.Properties.Count - 1; i >= 0; i--)
                {
                    if (info.Properties[i].Name == nameof(RejectedRow.RawValue)) info.Properties.RemoveAt(i);
                }
            }),
        };
        options.MakeReadOnly();
        return options;
    }
}

/// <summary>The effects and, with --allocate, the allocation, as one JSON document.</summary>
/// <param name="Effects">The fitted effects.</param>
/// <param name="Allocation">The allocation, or null.</param>
internal sealed record EffectsDocument([property: JsonPropertyName("effects")] EffortEffects Effects, [property: JsonPropertyName("allocation")] EffortAllocation? Allocation);

/// <summary>What <c>icp inspect --format json</c> prints: the load report, the activity log's load report and the column summary.</summary>
/// <param name="Load">The load report.</param>
/// <param name="Summary">The summary of every column.</param>
/// <param name="Roles">Every column's role (account attribute, deal attribute, excluded) and why.</param>
/// <param name="Activities">With --activities: how the log's rows were counted (read, matched, unmatched, after close, before creation, rejected); else null.</param>
internal sealed record InspectDocument(LoadReport Load, DealSetSummary Summary, AttributeRoles? Roles = null, ActivityLoadReport? Activities = null);

[JsonSerializable(typeof(EffortEffects))]
[JsonSerializable(typeof(EffectsDocument))]
[JsonSerializable(typeof(InspectDocument))]
[JsonSerializable(typeof(ActivityFunnelResult))]
[JsonSerializable(typeof(GoalSurveyResult))]
[JsonSerializable(typeof(CoachingReviewResult))]
[JsonSerializable(typeof(CoachingMaturityResult))]
[JsonSerializable(typeof(CoachingImpactResult))]
[JsonSerializable(typeof(SellerVarianceResult))]
[JsonSerializable(typeof(LossReasonsResult))]
[JsonSerializable(typeof(LoadReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

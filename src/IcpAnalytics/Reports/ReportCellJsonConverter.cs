using System.Text.Json;
using System.Text.Json.Serialization;

namespace IcpAnalytics.Reports;

/// <summary>Writes a cell as a JSON string, number or null, and reads it back.</summary>
internal sealed class ReportCellJsonConverter : JsonConverter<ReportCell>
{
    public override ReportCell Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => default,
        JsonTokenType.String => new ReportCell(reader.GetString()),
        JsonTokenType.Number => new ReportCell(reader.GetDouble()),
        _ => throw new JsonException($"A table cell must be a string, a number or null; found {reader.TokenType}."),
    };

    public override void Write(Utf8JsonWriter writer, ReportCell value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (value.Text is not null) writer.WriteStringValue(value.Text);
        else if (value.Number is double v) writer.WriteNumberValue(v);
        else writer.WriteNullValue();
    }
}

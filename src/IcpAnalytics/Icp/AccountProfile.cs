using System.Globalization;
using IcpAnalytics.Data;

namespace IcpAnalytics.Icp;

/// <summary>
/// An account described by its attributes alone (before any deal exists): text values such as industry = "Software" and
/// numbers such as employees = 450 (banded attributes map a number through the profile's band edges). Immutable;
/// <see cref="With(string, string)"/> and <see cref="With(string, double)"/> return a new profile.
/// </summary>
public sealed class AccountProfile
{
    private readonly Dictionary<string, string> _text;
    private readonly Dictionary<string, double> _numbers;

    /// <summary>An account with no attributes (every condition scores "unknown").</summary>
    public AccountProfile()
        : this(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase), new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase))
    {
    }

    private AccountProfile(Dictionary<string, string> text, Dictionary<string, double> numbers)
    {
        _text = text;
        _numbers = numbers;
    }

    /// <summary>The text attributes as the concrete dictionary (no interface dispatch on the scoring fast path).</summary>
    internal Dictionary<string, string> TextMap => _text;

    /// <summary>The numeric attributes as the concrete dictionary.</summary>
    internal Dictionary<string, double> NumberMap => _numbers;

    /// <summary>The text attributes (names compared case-insensitively).</summary>
    public IReadOnlyDictionary<string, string> Text => _text;

    /// <summary>The numeric attributes (names compared case-insensitively).</summary>
    public IReadOnlyDictionary<string, double> Numbers => _numbers;

    /// <summary>A copy with <paramref name="attribute"/> set to the text <paramref name="value"/> (null or empty removes it: missing).</summary>
    /// <param name="attribute">The attribute's name, e.g. "industry".</param>
    /// <param name="value">Its value, e.g. "Software".</param>
    public AccountProfile With(string attribute, string? value)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        var text = new Dictionary<string, string>(_text, StringComparer.OrdinalIgnoreCase);
        var numbers = new Dictionary<string, double>(_numbers, StringComparer.OrdinalIgnoreCase);
        numbers.Remove(attribute);
        if (string.IsNullOrEmpty(value)) text.Remove(attribute);
        else text[attribute] = value;
        return new AccountProfile(text, numbers);
    }

    /// <summary>A copy with <paramref name="attribute"/> set to the number <paramref name="value"/> (NaN removes it: missing).</summary>
    /// <param name="attribute">The attribute's name, e.g. "employees".</param>
    /// <param name="value">Its value, e.g. 450.</param>
    public AccountProfile With(string attribute, double value)
    {
        ArgumentNullException.ThrowIfNull(attribute);
        var text = new Dictionary<string, string>(_text, StringComparer.OrdinalIgnoreCase);
        var numbers = new Dictionary<string, double>(_numbers, StringComparer.OrdinalIgnoreCase);
        text.Remove(attribute);
        if (double.IsNaN(value)) numbers.Remove(attribute);
        else numbers[attribute] = value;
        return new AccountProfile(text, numbers);
    }

    /// <summary>The account of the deal at <paramref name="index"/>, described by the deal's categorical and numeric attributes.</summary>
    /// <param name="deals">The deals.</param>
    /// <param name="index">The deal's position.</param>
    public static AccountProfile FromDeal(DealSet deals, int index)
    {
        ArgumentNullException.ThrowIfNull(deals);
        var text = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var numbers = new Dictionary<string, double>(StringComparer.OrdinalIgnoreCase);
        foreach (CategoricalColumn c in deals.CategoricalAttributes)
        {
            string? v = c[index];
            if (v is not null) text[c.Name] = v;
        }
        foreach (NumericColumn c in deals.NumericAttributes)
        {
            double v = c[index];
            if (!double.IsNaN(v)) numbers[c.Name] = v;
        }
        return new AccountProfile(text, numbers);
    }

    /// <summary>The attributes as "name = value" pairs.</summary>
    public override string ToString() =>
        "Account: " + string.Join(", ", _text.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + " = " + p.Value)
            .Concat(_numbers.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Key + " = " + p.Value.ToString("G", CultureInfo.InvariantCulture))));
}

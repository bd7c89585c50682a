using System.Globalization;
using System.Text.RegularExpressions;
using IcpAnalytics.Data;
using IcpAnalytics.Icp;

namespace IcpAnalytics.Tests.Icp;

/// <summary>A saved profile edited by hand is refused with a named reason; an explicit option re-seals a deliberate edit.</summary>
public class ProfileIntegrityTests
{
    private static readonly Lazy<IdealCustomerProfile> Profile = new(() =>
        SampleDeals.Generate(4_000, seed: 21).Icp().SegmentBy("industry", "employees", "region").Build());

    private static string Json => Profile.Value.ToJson();

    private static string ReplaceNumber(string json, string property, Func<double, string> edit)
    {
        var re = new Regex("\"" + property + "\": (-?[0-9.eE+-]+)");
        Match m = re.Match(json);
        Assert.True(m.Success, property);
        double v = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        return json[..m.Groups[1].Index] + edit(v) + json[(m.Groups[1].Index + m.Groups[1].Length)..];
    }

    [Fact]
    public void SavedProfile_CarriesAChecksumAndLoadsBack()
    {
        Assert.Matches("\"checksum\": \"sha256:[0-9a-f]{64}\"", Json);
        Assert.Equal(Json, IdealCustomerProfile.FromJson(Json).ToJson());
    }

    [Fact]
    public void ScoreCeilingDoubled_IsRefusedAsEdited()
    {
        string edited = ReplaceNumber(Json, "scoreCeiling", v => (2 * v).ToString("R", CultureInfo.InvariantCulture));
        var ex = Assert.Throws<IcpAnalyticsException>(() => IdealCustomerProfile.FromJson(edited));
        Assert.Contains("does not match its checksum", ex.Message, StringComparison.Ordinal);
        Assert.Contains("AcceptEditedContent", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void OneDigitOfAYieldChanged_IsRefusedAsEdited()
    {
        Match m = Regex.Match(Json, "\"expectedYieldByConditionsHeld\": \\[\\s*(-?[0-9]+)");
        Assert.True(m.Success);
        int at = m.Groups[1].Index + m.Groups[1].Length - 1;
        char digit = Json[at];
        string edited = Json[..at] + (digit == '9' ? '8' : (char)(digit + 1)) + Json[(at + 1)..];
        var ex = Assert.Throws<IcpAnalyticsException>(() => IdealCustomerProfile.FromJson(edited));
        Assert.Contains("does not match its checksum", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValueSetTo1e309_IsRefusedAsNotFiniteNamingWhere()
    {
        string edited = ReplaceNumber(Json, "scoreFloor", _ => "1e309");
        var ex = Assert.Throws<IcpAnalyticsException>(() => IdealCustomerProfile.FromJson(edited, new ProfileLoadOptions { AcceptEditedContent = true }));
        Assert.Contains("$.scoreFloor is not a finite number", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FloorAboveCeiling_IsRefusedEvenWhenEditsAreAccepted()
    {
        string edited = ReplaceNumber(Json, "scoreFloor", _ => "1e12");
        var ex = Assert.Throws<IcpAnalyticsException>(() => IdealCustomerProfile.FromJson(edited, new ProfileLoadOptions { AcceptEditedContent = true }));
        Assert.Contains("scoreFloor (1000000000000) is above scoreCeiling", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeliberateEdit_ReSealedWithTheOption_LoadsWithoutItAfterSaving()
    {
        using var temp = new TempFolder("icp-profile-");
        string path = temp.File("icp.json");
        Profile.Value.Save(path);
        double ceiling = Profile.Value.ScoreCeiling;
        File.WriteAllText(path, ReplaceNumber(File.ReadAllText(path), "scoreCeiling", v => (2 * v).ToString("R", CultureInfo.InvariantCulture)));
        Assert.Throws<IcpAnalyticsException>(() => IdealCustomerProfile.Load(path));
        IdealCustomerProfile accepted = IdealCustomerProfile.Load(path, new ProfileLoadOptions { AcceptEditedContent = true });
        Assert.Equal(2 * ceiling, accepted.ScoreCeiling);
        accepted.Save(path);
        Assert.Equal(2 * ceiling, IdealCustomerProfile.Load(path).ScoreCeiling);
        Assert.Equal([path], Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void ProfileWithoutChecksum_IsRefusedWithTheWayToSealIt()
    {
        string unsealed = Regex.Replace(Json, "  \"checksum\": \"sha256:[0-9a-f]{64}\",\n", "");
        var ex = Assert.Throws<IcpAnalyticsException>(() => IdealCustomerProfile.FromJson(unsealed));
        Assert.Contains("has no checksum", ex.Message, StringComparison.Ordinal);
        Assert.Equal(Json, IdealCustomerProfile.FromJson(unsealed, new ProfileLoadOptions { AcceptEditedContent = true }).ToJson());
    }
}

using System.Globalization;
using IcpAnalytics.Data;

namespace IcpAnalytics.Tests.Data;

/// <summary>The fast span parser reads every file as CsvHelper does: equal deal sets, equal rejects (line, column, raw value, reason).</summary>
public class CsvParserAgreementTests
{
    private static DealSet Load(string text, CsvParserKind parser, DealLoadOptions? options = null) =>
        DealSet.FromCsv(new StringReader(text), null, (options ?? new DealLoadOptions()) with { CsvParser = parser, Policy = BadDataPolicy.Lenient });

    private static void AssertAgree(string text, DealLoadOptions? options = null)
    {
        DealSet fast = Load(text, CsvParserKind.Fast, options);
        DealSet reference = Load(text, CsvParserKind.CsvHelper, options);
        DealSetAssert.Equal(reference, fast);
        Assert.Equal(reference.LoadReport.RowsRead, fast.LoadReport.RowsRead);
        Assert.Equal(reference.LoadReport.OpenDealsSetAside, fast.LoadReport.OpenDealsSetAside);
        Assert.Equal(reference.LoadReport.Rejected, fast.LoadReport.Rejected);
        Assert.Equal(reference.LoadReport.Notes, fast.LoadReport.Notes);
    }

    [Theory]
    [InlineData(CsvParserKind.Fast)]
    [InlineData(CsvParserKind.CsvHelper)]
    public void FromCsv_MultiCharacterDelimiter_RefusedByEitherParser(CsvParserKind parser)
    {
        var e = Assert.Throws<InvalidOptionsException>(() => Load("deal_id;;stage;;amount\nD1;;Won;;1\n", parser, new DealLoadOptions { Delimiter = ";;" }));
        Assert.Equal("Delimiter ';;' has 2 characters; the CSV parsers take one character, e.g. \",\", \";\" or \"\\t\".", Assert.Single(e.Problems));
    }

    [Theory]
    [InlineData("\t")]
    [InlineData("|")]
    [InlineData(";")]
    public void FromCsv_DetectedDelimiter_BothParsersAgree(string delimiter) =>
        AssertAgree("deal_id,stage,amount,notes\nD1,Won,1,\"a b\"\nD2,Lost,2,\"x\"\"y\"\nD3,Won,3,\n".Replace(",", delimiter));

    [Fact]
    public void FromCsv_SampleFile_BothParsersAgree() =>
        AssertAgree(File.ReadAllText(Repo.File("samples", "data", "deals.csv")));

    [Fact]
    public void FromCsv_GermanSample_BothParsersAgree()
    {
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        SampleDeals.WriteCsv(writer, new SampleDealsOptions { Count = 500, Seed = 5, OpenDeals = 7 });
        string german = writer.ToString().Replace(',', ';').Replace('.', ',');
        AssertAgree(german, new DealLoadOptions { Culture = CultureInfo.GetCultureInfo("de-DE") });
    }

    [Theory]
    [InlineData("deal_id,stage,amount,notes\nD1,Won,1,\"a, \"\"quoted\"\" note\"\nD2,Lost,2,plain\n")]
    [InlineData("deal_id,stage,amount,notes\r\nD1,Won,1,\"line\r\nbreak\"\r\n\r\nD2,Lost,2,x\r\nD3,Won,abc,y\r\n")]
    [InlineData("deal_id,stage,amount,notes\nD1,Won,1,x\n\n\nD2,Lost,2,\nD3,Won,-1,z")]
    [InlineData("deal_id,stage,amount,notes\nD1,Won,1,a\"b\nD2,Lost,2,\"c\"d\nD3,Won,3,e\n")]
    [InlineData("deal_id,stage,amount,notes\nD1,Won,1\nD2,Lost,2,x,y\nD3,Won,3,\"open\nD4,Won,4,z\n")]
    [InlineData("deal_id;stage;amount;notes\nD1;Won;1;x\nD1;Lost;2;y\nD3;Maybe;3;z\nD4;Negotiation;4;w\n")]
    [InlineData("\uFEFFdeal_id\tstage\tamount\nD1\tWon\t1.5\nD2\tLost\t\n")]
    [InlineData("deal_id,stage,amount,notes\n\"D1\",\"Won\",\"1\",\"\"\n")]
    public void FromCsv_EdgeCases_BothParsersAgree(string text) => AssertAgree(text);

    [Fact]
    public void FromCsv_LongFieldsAcrossBufferRefills_BothParsersAgree()
    {
        var sb = new System.Text.StringBuilder("deal_id,stage,amount,notes\n");
        for (int i = 0; i < 3_000; i++)
            sb.Append(CultureInfo.InvariantCulture, $"D{i},{(i % 3 == 0 ? "Won" : "Lost")},{i}.25,\"{new string('x', i % 97)}\"\"{new string('y', i % 13)}\n{i}\"\n");
        sb.Append("D-last,Won,1,\"").Append(new string('z', 200_000)).Append("\"\n");
        AssertAgree(sb.ToString());
    }
}

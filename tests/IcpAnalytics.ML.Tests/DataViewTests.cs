using IcpAnalytics.Data;
using IcpAnalytics.Tests;
using IcpAnalytics.Tests.Data;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace IcpAnalytics.ML.Tests;

public class DataViewTests
{
    private static DealSet LoadExport() => DealSet.FromCsv(Repo.File("samples", "data", "deals.csv"), map => map
        .DealId("deal_id")
        .Outcome("stage", won: ["Closed Won"], lost: ["Closed Lost"], open: ["Proposal", "Negotiation"])
        .Revenue("amount").Margin("gross_margin")
        .Effort("calls", "meetings", "demos").EffortHours("effort_hours")
        .Attribute("industry").Attribute("region").Attribute("employees", bands: [50, 200, 1000, 5000]));

    [Fact]
    public void RoundTrip_CsvExport_DealSetFromItsDataViewEqualsTheSource()
    {
        DealSet source = LoadExport();
        Assert.Equal(2_000, source.Count);

        DealDataView view = source.ToDataView();
        DealSet back = DealSet.FromDataView(view);

        DealSetAssert.Equal(source, back);
        Assert.Equal(2_000, back.LoadReport.RowsRead);
        Assert.Equal(2_000, back.LoadReport.RowsLoaded);
        Assert.Equal(0, back.LoadReport.RowsRejected);
        Assert.Equal("data view", back.LoadReport.Source);
    }

    [Fact]
    public void RoundTrip_FilteredSampleWithMissingValues_EqualsTheSource()
    {
        // A view (filtered rows) with missing close dates, margins and attribute values, and a numeric attribute.
        DealSet generated = SampleDeals.Generate(1_500, seed: 5);
        DealSet source = DealSet.FromObjects(Enumerable.Range(0, generated.Count).Where(i => i % 3 != 0), m => m
            .DealId(i => generated.DealId(i))
            .Account(i => generated.Accounts[i])
            .Won(i => generated.IsWon(i))
            .ClosedOn(i => i % 7 == 0 ? null : generated.ClosedOn(i))
            .Revenue(i => generated.Revenue[i])
            .Margin(i => i % 11 == 0 ? null : generated.GrossMargin![i])
            .Effort("meetings", i => generated.Effort("meetings")[i])
            .Attribute("industry", i => i % 13 == 0 ? null : generated.Categorical("industry")[i])
            .NumericAttribute("score", i => i * 0.5));

        DealSet back = DealSet.FromDataView(source.ToDataView());

        DealSetAssert.Equal(source, back);
        Assert.Contains(Enumerable.Range(0, back.Count), i => back.ClosedOn(i) is null);
        Assert.True(back.GrossMargin!.MissingCount > 0);
        Assert.True(back.Categorical("industry").MissingCount > 0);
    }

    [Fact]
    public void ToDataView_HasTypedColumnsAndAttributeLevelsAsKeyValues()
    {
        DealSet deals = SampleDeals.Generate(300, seed: 2);
        DealDataView view = deals.ToDataView();
        DataViewSchema schema = view.Schema;

        Assert.Equal(300, view.GetRowCount());
        Assert.IsType<TextDataViewType>(schema["deal_id"].Type);
        Assert.IsType<BooleanDataViewType>(schema["won"].Type);
        Assert.IsType<DateTimeDataViewType>(schema["closed_date"].Type);
        Assert.Equal(NumberDataViewType.Double, schema["revenue"].Type);
        Assert.Equal(NumberDataViewType.Double, schema["meetings"].Type);
        var industry = Assert.IsType<KeyDataViewType>(schema["industry"].Type);
        Assert.Equal(6UL, industry.Count);
        VBuffer<ReadOnlyMemory<char>> levels = default;
        schema["industry"].GetKeyValues(ref levels);
        Assert.Equal(SampleDealsTruth.Industries, levels.DenseValues().Select(v => v.ToString()));

        // ML.NET reads the same numbers: the won count and the revenue total.
        Assert.Equal(deals.WonCount, view.GetColumn<bool>("won").Count(w => w));
        Assert.Equal(deals.Revenue.Sum(), view.GetColumn<double>("revenue").Sum(), 6);
        // ...and one-hot encodes a key column by its levels.
        var ml = new MLContext(1);
        IDataView encoded = ml.Transforms.Categorical.OneHotEncoding("industry_onehot", "industry").Fit(view).Transform(view);
        var vectorType = Assert.IsType<VectorDataViewType>(encoded.Schema["industry_onehot"].Type);
        Assert.Equal(6, vectorType.Size);
    }

    private sealed class CrmRow
    {
        public string Opportunity { get; set; } = "";

        public string Stage { get; set; } = "";

        public float Amount { get; set; }

        public float GrossMargin { get; set; }

        public DateTime CloseDate { get; set; }

        public string Industry { get; set; } = "";
    }

    private static CrmRow[] CrmRows() =>
    [
        new() { Opportunity = "O1", Stage = "Closed Won", Amount = 1000, GrossMargin = 400, CloseDate = new DateTime(2025, 1, 3), Industry = "Software" },
        new() { Opportunity = "O2", Stage = "Closed Lost", Amount = 2500.5f, GrossMargin = 0, CloseDate = new DateTime(2025, 2, 1), Industry = "Retail" },
        new() { Opportunity = "O3", Stage = "Negotiation", Amount = 900, GrossMargin = float.NaN, Industry = "Retail" },
        new() { Opportunity = "O4", Stage = "Closed Won", Amount = float.NaN, GrossMargin = 100, CloseDate = new DateTime(2025, 3, 9), Industry = "" },
        new() { Opportunity = "O5", Stage = "Closed Won", Amount = 1200, GrossMargin = 300, CloseDate = new DateTime(2025, 3, 10), Industry = "Software" },
    ];

    [Fact]
    public void FromDataView_AnyView_SameMapAndLoadReportAsOtherSources()
    {
        var ml = new MLContext(1);
        IDataView crm = ml.Data.LoadFromEnumerable(CrmRows());
        // A key column made by ML.NET (MapValueToKey) reads back as its level names.
        IDataView keyed = ml.Transforms.Conversion.MapValueToKey("Industry").Fit(crm).Transform(crm);

        DealSet deals = DealSet.FromDataView(keyed, map => map
            .DealId("Opportunity").Outcome("Stage", won: ["Closed Won"], lost: ["Closed Lost"], open: ["Negotiation"])
            .Revenue("Amount").Margin("GrossMargin").ClosedDate("CloseDate").Attribute("Industry"),
            new DealLoadOptions { Policy = BadDataPolicy.Lenient });

        LoadReport report = deals.LoadReport;
        Assert.Equal(5, report.RowsRead);
        Assert.Equal(3, report.RowsLoaded);
        Assert.Equal(1, report.OpenDealsSetAside);
        RejectedRow reject = Assert.Single(report.Rejected);
        Assert.Equal(4, reject.Line);                  // record number in the view
        Assert.Equal("Amount", reject.Column);
        Assert.Equal(report.RowsRead, report.RowsLoaded + report.OpenDealsSetAside + report.RowsRejected);
        Assert.Equal(["O1", "O2", "O5"], Enumerable.Range(0, deals.Count).Select(deals.DealId));
        Assert.Equal(2500.5, deals.Revenue[1]);
        Assert.Equal(new DateOnly(2025, 3, 10), deals.ClosedOn(2));
        Assert.Equal(["Software", "Retail", "Software"], Enumerable.Range(0, 3).Select(i => deals.Categorical("Industry")[i]));
    }

    [Fact]
    public void FromDataView_StrictPolicy_NamesViewRecordAndColumnWithoutTheValue()
    {
        var ml = new MLContext(1);
        CrmRow[] rows = CrmRows();
        rows[1].GrossMargin = 250.25f;   // a value that must not appear in the message
        IDataView crm = ml.Data.LoadFromEnumerable(rows);

        var ex = Assert.Throws<DealDataException>(() => DealSet.FromDataView(crm, map => map
            .DealId("Opportunity").Outcome("Stage", won: ["Closed Won"], lost: ["Closed Lost"], open: ["Negotiation"])
            .Revenue("Amount").Margin("GrossMargin").ClosedDate("CloseDate").Attribute("Industry")));

        Assert.Equal("data view", ex.File);
        Assert.Equal(4, ex.Line);                      // the won deal without an amount (record 3, open, is set aside first)
        Assert.Equal("Amount", ex.Column);
        Assert.Contains("data view", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("250.25", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromDataView_MissingRequiredColumn_ListsTheColumnsFound()
    {
        var ml = new MLContext(1);
        IDataView crm = ml.Data.LoadFromEnumerable(CrmRows());
        var ex = Assert.Throws<DealDataException>(() => DealSet.FromDataView(crm, map => map.Outcome("Stage").Revenue("Revenue")));
        Assert.Contains("Revenue", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Amount", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FromDataViewAsync_SameDeals_AndACancelledLoadStops()
    {
        DealSet source = SampleDeals.Generate(3_000, seed: 4);
        DealSet back = await DealSet.FromDataViewAsync(source.ToDataView());
        DealSetAssert.Equal(source, back);

        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DealSet.FromDataViewAsync(source.ToDataView(), cancellationToken: cancel.Token));
        // Cancelled while reading: the reader checks the token before every row.
        using var midway = new CancellationTokenSource();
        IEnumerable<CrmRow> Rows()
        {
            for (int i = 0; ; i++)
            {
                if (i == 500) midway.Cancel();
                yield return new CrmRow { Opportunity = "O" + i, Stage = "Closed Won", Amount = 100, GrossMargin = 10, CloseDate = new DateTime(2025, 1, 1), Industry = "Retail" };
            }
        }
        IDataView endless = new MLContext(1).Data.LoadFromEnumerable(Rows());
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DealSet.FromDataViewAsync(endless,
            map => map.DealId("Opportunity").Outcome("Stage").Revenue("Amount"), cancellationToken: midway.Token));
    }
}

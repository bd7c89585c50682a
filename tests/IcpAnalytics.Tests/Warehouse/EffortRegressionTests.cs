using IcpAnalytics.Data;
using IcpAnalytics.Statistics;
using IcpAnalytics.Warehouses;

namespace IcpAnalytics.Tests.Warehouses;

/// <summary>
/// The per-segment least squares of margin per opportunity on log(1 + meetings), log(1 + demos) and the deal amount, from
/// cross-products summed in the warehouse, against <see cref="LinearRegression.Fit(ReadOnlySpan{double}, int, ReadOnlySpan{double}, RegressionOptions?, ReadOnlySpan{double}, ReadOnlySpan{int})"/>
/// on the same deals' rows in memory (its QR solver, itself checked against NIST StRD): coefficients, standard errors
/// and R² agree within 1e-9 relative.
/// </summary>
public sealed class EffortRegressionTests
{
    internal static void Agrees(WarehouseDeals wh)
    {
        DealSet deals = WarehouseDealsData.InMemory;
        IReadOnlyList<WarehouseRegression> fits = wh.EffortRegression(["meetings", "demos"], ["amount"], ["industry"]);
        CategoricalColumn industry = deals.FindCategorical("industry")!;
        double[] meetings = deals.FindEffort("meetings")!.Data, demos = deals.FindEffort("demos")!.Data;
        double[] amount = deals.Revenue.Data, margin = deals.GrossMargin!.Data;
        string LevelOf(int i) => industry.GetCode(i) is int code and >= 0 ? industry.LevelArray[code] : "unknown";
        Assert.Equal(Enumerable.Range(0, deals.Count).Select(LevelOf).Distinct().Count(), fits.Count);
        foreach (WarehouseRegression fit in fits)
        {
            var x = new List<double>();
            var y = new List<double>();
            for (int i = 0; i < deals.Count; i++)
            {
                if (LevelOf(i) != fit.Levels[0]) continue;
                x.AddRange([Math.Log(1 + meetings[i]), Math.Log(1 + demos[i]), amount[i]]);
                y.Add(deals.WonFlags[i] != 0 ? margin[i] : 0);
            }
            RegressionFit expected = LinearRegression.Fit(x.ToArray(), 3, y.ToArray());
            Assert.NotNull(fit.Fit);
            Assert.Equal(y.Count, fit.Deals);
            Assert.Equal(expected.Observations, fit.Fit!.Observations);
            for (int j = 0; j < expected.Coefficients.Count; j++)
            {
                SameResults.Close(expected.Coefficients[j], fit.Fit.Coefficients[j], fit.Segment + " coefficient " + j);
                SameResults.Close(expected.StandardErrors[j], fit.Fit.StandardErrors[j], fit.Segment + " standard error " + j);
            }
            SameResults.Close(expected.RSquared, fit.Fit.RSquared, fit.Segment + " R²");
        }
    }

    [Fact]
    public void Cross_products_summed_in_DuckDB_give_the_in_memory_fit()
    {
        using var connection = WarehouseDealsData.DuckDb();
        Agrees(Warehouse.Deals(connection, SqlDialect.DuckDb, WarehouseTable.Named("deals"), WarehouseDealsData.Map));
    }
}

using IcpAnalytics.Statistics;

namespace IcpAnalytics.Tests.Statistics;

public class DesignMatrixBuilderTests
{
    private static readonly string[] Industries = ["Software", "Healthcare", "Retail", "Mining"];

    // Six deals: meetings, amount, industry code (Mining never occurs).
    private static readonly double[] Meetings = [0, 1, 3, 2, 7, 4];
    private static readonly double[] Amount = [10, 20, 15, 30, 25, 40];
    private static readonly int[] Industry = [0, 1, 0, 2, 0, 1];
    private static readonly double[] Margin = [1, 2, 3, 4, 5, 6];

    private static DesignMatrixBuilder Builder() => new DesignMatrixBuilder(6)
        .Log1p("meetings", Meetings)
        .Numeric("amount", Amount)
        .Categorical("industry", Industry, Industries)
        .Interaction("meetings", "industry")
        .Response(Margin);

    [Fact]
    public void Build_MixedTerms_NamesColumnsAndUsesMostFrequentReference()
    {
        DesignMatrix design = Builder().Build();
        Assert.Equal(
            ["log1p(meetings)", "amount", "industry=Healthcare", "industry=Retail", "log1p(meetings):industry=Healthcare", "log1p(meetings):industry=Retail"],
            design.ColumnNames);
        Assert.Equal(6, design.Columns);
        Assert.Equal(["log1p(meetings)", "amount", "industry", "log1p(meetings):industry"], design.Schema.TermNames);
        Assert.Contains("industry (reference Software): industry=Healthcare, industry=Retail", design.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void FillRow_EncodesTransformsDummiesAndProducts()
    {
        DesignMatrix design = Builder().Build();
        var row = new double[6];
        design.FillRow(5, row);   // 4 meetings, amount 40, Healthcare
        Assert.Equal(Math.Log(5), row[0], 1e-15);
        Assert.Equal(40, row[1]);
        Assert.Equal([1, 0], row[2..4]);
        Assert.Equal(Math.Log(5), row[4], 1e-15);
        Assert.Equal(0, row[5]);
        design.FillRow(0, row);   // Software: the reference level, no dummy
        Assert.Equal([0, 0, 0, 0], row[2..]);
        Assert.Equal(6.0, design.Response(5));
    }

    [Fact]
    public void EncodeRow_MatchesFillRow()
    {
        DesignMatrix design = Builder().Build();
        var expected = new double[6];
        var actual = new double[6];
        design.FillRow(3, expected);   // 2 meetings, amount 30, Retail
        design.Schema.EncodeRow(new Dictionary<string, double> { ["meetings"] = 2, ["amount"] = 30 }, new Dictionary<string, string> { ["industry"] = "Retail" }, actual);
        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Build_WithFittedSchema_EncodesNewDealsByLevelName()
    {
        DesignMatrix fitted = Builder().Build();
        // New data with its own level dictionary, in a different order.
        string[] levels = ["Retail", "Software", "Healthcare"];
        DesignMatrix scored = new DesignMatrixBuilder(2)
            .Numeric("meetings", new double[] { 2, 4 })
            .Numeric("amount", new double[] { 30, 40 })
            .Categorical("industry", new[] { 0, 2 }, levels)
            .Build(fitted.Schema);
        var expected = new double[6];
        var actual = new double[6];
        fitted.FillRow(3, expected);
        scored.FillRow(0, actual);
        Assert.Equal(expected, actual);
        fitted.FillRow(5, expected);
        scored.FillRow(1, actual);
        Assert.Equal(expected, actual);
        Assert.False(scored.HasResponse);
    }

    [Fact]
    public void Build_WithFittedSchema_LevelUnseenAtFitTime_ThrowsNamingIt()
    {
        DesignMatrix fitted = Builder().Build();
        var ex = Assert.Throws<ModelFitException>(() => new DesignMatrixBuilder(1)
            .Numeric("meetings", new double[] { 1 })
            .Numeric("amount", new double[] { 1 })
            .Categorical("industry", new[] { 3 }, Industries)   // Mining: in the level list, but no deal at fit time
            .Build(fitted.Schema));
        Assert.Contains("'Mining'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not seen", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ModelFitException>(() => fitted.Schema.EncodeRow(new Dictionary<string, double> { ["meetings"] = 1, ["amount"] = 1 },
            new Dictionary<string, string> { ["industry"] = "Mining" }, new double[6]));
    }

    [Fact]
    public void Build_ManyProblems_ReportsThemAllAtOnce()
    {
        var ex = Assert.Throws<InvalidOptionsException>(() => new DesignMatrixBuilder(6)
            .Log1p("meetings", new double[] { 0, -2, 1, 1, 1, 1 })                     // outside log1p's domain
            .Numeric("amount", new double[] { 1, double.NaN, 2, 3, 4, 5 })             // missing
            .Numeric("calls", new double[] { 1, 2 })                                   // wrong length
            .Categorical("industry", Industry, Industries, referenceLevel: "Banking")  // unknown reference
            .Interaction("meetings", "region")                                         // unknown term
            .Build());
        Assert.Equal(5, ex.Problems.Count);
        Assert.Contains(ex.Problems, p => p.Contains("log1p", StringComparison.Ordinal) && p.Contains("row 1", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.Contains("'amount'", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.Contains("'calls'", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.Contains("'Banking'", StringComparison.Ordinal));
        Assert.Contains(ex.Problems, p => p.Contains("'region'", StringComparison.Ordinal));
    }

    [Fact]
    public void Build_Standardize_UsesFitTimeMeanAndSd()
    {
        DesignMatrix design = new DesignMatrixBuilder(4).Numeric("x", new double[] { 1, 2, 3, 4 }, ColumnTransform.Standardize).Build();
        var row = new double[1];
        design.FillRow(0, row);
        Assert.Equal((1 - 2.5) / Math.Sqrt(1.25), row[0], 1e-15);
        Assert.Equal("std(x)", design.ColumnNames[0]);
    }

    [Fact]
    public void Fit_CategoricalDesign_RecoversSimulatedSegmentEffects()
    {
        // Truth: margin = 1 + 0.5·log1p(meetings) + 2·[Healthcare] − 1·[Retail] + small noise.
        const int n = 3000;
        var rng = new Random(11);
        var meetings = new double[n];
        var codes = new int[n];
        var margin = new double[n];
        for (int i = 0; i < n; i++)
        {
            meetings[i] = rng.Next(0, 12);
            codes[i] = rng.Next(0, 3);
            margin[i] = 1 + 0.5 * Math.Log(1 + meetings[i]) + (codes[i] == 1 ? 2 : codes[i] == 2 ? -1 : 0) + 0.1 * (rng.NextDouble() - 0.5);
        }
        DesignMatrix design = new DesignMatrixBuilder(n)
            .Log1p("meetings", meetings)
            .Categorical("industry", codes, Industries, referenceLevel: "Software")
            .Response(margin)
            .Build();
        RegressionFit fit = LinearRegression.Fit(design, new RegressionOptions { Covariance = CovarianceType.HC3 });
        Assert.Equal(0.5, fit.Coefficients[fit.IndexOf("log1p(meetings)")], 0.01);
        Assert.Equal(2, fit.Coefficients[fit.IndexOf("industry=Healthcare")], 0.01);
        Assert.Equal(-1, fit.Coefficients[fit.IndexOf("industry=Retail")], 0.01);
        Assert.Equal(1, fit.Coefficients[0], 0.01);
        // The block path (used by the fit) and the row path agree.
        var x = new double[n * design.Columns];
        for (int i = 0; i < n; i++) design.FillRow(i, x.AsSpan(i * design.Columns, design.Columns));
        RegressionFit fromRows = LinearRegression.Fit(x, design.Columns, margin, new RegressionOptions { Covariance = CovarianceType.HC3 }, names: design.ColumnNames);
        for (int j = 0; j < fit.Parameters; j++) Assert.Equal(fromRows.Coefficients[j], fit.Coefficients[j], 1e-10);
    }

    [Fact]
    public void Fit_DesignWithoutResponse_Throws()
    {
        DesignMatrix design = new DesignMatrixBuilder(3).Numeric("x", new double[] { 1, 2, 3 }).Build();
        Assert.Throws<ArgumentException>(() => LinearRegression.Fit(design));
    }
}

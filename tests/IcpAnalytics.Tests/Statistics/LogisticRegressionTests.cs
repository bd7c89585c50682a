using IcpAnalytics.Statistics;

namespace IcpAnalytics.Tests.Statistics;

public class LogisticRegressionTests
{
    // R's built-in mtcars data (Henderson and Velleman 1981; Motor Trend 1974): displacement, gross horsepower, weight (1000 lbs),
    // transmission (am: 0 = automatic, 1 = manual), in R's row order.
    private static readonly double[] Disp = [160, 160, 108, 258, 360, 225, 360, 146.7, 140.8, 167.6, 167.6, 275.8, 275.8, 275.8, 472, 460, 440, 78.7, 75.7, 71.1, 120.1, 318, 304, 350, 400, 79, 120.3, 95.1, 351, 145, 301, 121];
    private static readonly double[] Hp = [110, 110, 93, 110, 175, 105, 245, 62, 95, 123, 123, 180, 180, 180, 205, 215, 230, 66, 52, 65, 97, 150, 150, 245, 175, 66, 91, 113, 264, 175, 335, 109];
    private static readonly double[] Wt = [2.62, 2.875, 2.32, 3.215, 3.44, 3.46, 3.57, 3.19, 3.15, 3.44, 3.44, 4.07, 3.73, 3.78, 5.25, 5.424, 5.345, 2.2, 1.615, 1.835, 2.465, 3.52, 3.435, 3.84, 3.845, 1.935, 2.14, 1.513, 3.17, 2.77, 3.57, 2.78];
    private static readonly double[] Am = [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1];

    private static double[] Columns(params double[][] columns)
    {
        int n = columns[0].Length;
        var x = new double[n * columns.Length];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < columns.Length; j++) x[i * columns.Length + j] = columns[j][i];
        return x;
    }

    [Fact]
    public void Fit_MtcarsAmOnDispAndHp_MatchesPublishedRGlm()
    {
        // Published R output of glm(am ~ disp + hp, data = mtcars, family = binomial), printed in
        // "How to Interpret glm Output in R", Statology (https://www.statology.org/interpret-glm-output-in-r/):
        //   (Intercept)  1.40342  1.36757;  disp -0.09518  0.04800;  hp 0.12170  0.06777;  Null deviance 43.230 on 31 df.
        LogisticFit fit = LogisticRegression.Fit(Columns(Disp, Hp), 2, Am, names: ["disp", "hp"]);

        // Printed to 5 decimals (4 for the 0.04800 SE): agree within half a unit of the last printed digit.
        Assert.Equal(1.40342, fit.Coefficients[0], 0.000005);
        Assert.Equal(-0.09518, fit.Coefficients[1], 0.000005);
        Assert.Equal(0.12170, fit.Coefficients[2], 0.000005);
        Assert.Equal(1.36757, fit.StandardErrors[0], 0.000005);
        Assert.Equal(0.04800, fit.StandardErrors[1], 0.000005);
        Assert.Equal(0.06777, fit.StandardErrors[2], 0.000005);
        Assert.Equal(43.230, fit.NullDeviance, 0.0005);
        Assert.Equal(0.0474, fit.PValues[1], 0.00005);
        Assert.Equal(0.0725, fit.PValues[2], 0.00005);
        Assert.Equal(32, fit.Observations);
        Assert.Equal(2 * fit.Deviance / 2 + 6, fit.Aic, 1e-9);   // binary outcomes: log-likelihood = −deviance / 2
    }

    [Fact]
    public void Probability_MtcarsAmOnHpAndWt_MatchesPublishedPrediction()
    {
        // r-tutor.com, "Estimated Logistic Regression Equation" (https://r-tutor.com/elementary-statistics/logistic-regression/estimated-logistic-regression-equation):
        // glm(am ~ hp + wt, family = binomial) predicts about 64% for a 120 hp, 2,800 lb car (R prints 0.6418).
        LogisticFit fit = LogisticRegression.Fit(Columns(Hp, Wt), 2, Am, names: ["hp", "wt"]);
        Assert.Equal(0.6418, fit.Probability([120, 2.8]), 0.00005);
    }

    [Fact]
    public void Fit_SimulatedWinProbability_RecoversTruthWithinStandardErrors()
    {
        // Truth: logit P(won) = −1 + 0.8·meetings − 0.5·discount.
        const int n = 20_000;
        var rng = new Random(5);
        var x = new double[n * 2];
        var won = new double[n];
        for (int i = 0; i < n; i++)
        {
            double meetings = rng.NextDouble() * 4, discount = rng.NextDouble() * 2;
            x[2 * i] = meetings;
            x[2 * i + 1] = discount;
            double eta = -1 + 0.8 * meetings - 0.5 * discount;
            won[i] = rng.NextDouble() < 1 / (1 + Math.Exp(-eta)) ? 1 : 0;
        }
        LogisticFit fit = LogisticRegression.Fit(new MatrixDesignRows(x, 2, won, ["meetings", "discount"]));
        double[] truth = [-1, 0.8, -0.5];
        for (int j = 0; j < 3; j++) Assert.InRange((fit.Coefficients[j] - truth[j]) / fit.StandardErrors[j], -4, 4);
        Assert.True(fit.ConfidenceInterval(1, 0.9999).Contains(0.8));
        Assert.True(fit.ZStatistics[1] > 10);
        Assert.Contains("meetings", fit.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_CompletelySeparated_ThrowsNamingThePredictor()
    {
        double[] x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        double[] y = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
        var ex = Assert.Throws<ModelFitException>(() => LogisticRegression.Fit(x, 1, y, names: ["demos"]));
        Assert.Contains("separated", ex.Message, StringComparison.Ordinal);
        Assert.Contains("'demos'", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Penalty", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_QuasiSeparated_Throws()
    {
        // Won exactly when demos ≥ 5, except a tie at 5 (quasi-complete separation).
        double[] x = [1, 2, 3, 4, 5, 5, 6, 7, 8, 9, 1.5, 2.5];
        double[] y = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 0, 0];
        var ex = Assert.Throws<ModelFitException>(() => LogisticRegression.Fit(x, 1, y, names: ["demos"]));
        Assert.Contains("separated", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_SeparatedWithPenalty_GivesFiniteCoefficients()
    {
        double[] x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        double[] y = [0, 0, 0, 0, 0, 1, 1, 1, 1, 1];
        LogisticFit fit = LogisticRegression.Fit(x, 1, y, new LogisticRegressionOptions { Penalty = 0.01 });
        Assert.True(double.IsFinite(fit.Coefficients[1]) && fit.Coefficients[1] > 0);
        Assert.True(double.IsFinite(fit.StandardErrors[1]));
        Assert.True(fit.Probability([9]) > 0.9 && fit.Probability([2]) < 0.1);
    }

    [Fact]
    public void Fit_PenaltyShrinksTowardZero()
    {
        LogisticFit plain = LogisticRegression.Fit(Columns(Disp, Hp), 2, Am);
        LogisticFit penalized = LogisticRegression.Fit(Columns(Disp, Hp), 2, Am, new LogisticRegressionOptions { Penalty = 0.5 });
        Assert.True(Math.Abs(penalized.Coefficients[1]) < Math.Abs(plain.Coefficients[1]));
        Assert.True(Math.Abs(penalized.Coefficients[2]) < Math.Abs(plain.Coefficients[2]));
    }

    [Fact]
    public void Fit_BadInput_ThrowsClearly()
    {
        double[] x = [1, 2, 3, 4, 5, 6];
        Assert.Throws<ArgumentException>(() => LogisticRegression.Fit(x, 1, new double[] { 0, 1, 2, 0, 1, 0 }));
        Assert.Throws<ArgumentException>(() => LogisticRegression.Fit(new double[] { 1, 2, double.NaN, 4, 5, 6 }, 1, new double[] { 0, 1, 1, 0, 1, 0 }));
        var single = Assert.Throws<ModelFitException>(() => LogisticRegression.Fit(x, 1, new double[] { 0, 0, 0, 0, 0, 0 }));
        Assert.Contains("outcome", single.Message, StringComparison.Ordinal);
        var collinear = Assert.Throws<ModelFitException>(() => LogisticRegression.Fit(Columns(Disp, Disp.Select(d => 2 * d).ToArray()), 2, Am, names: ["disp", "disp2"]));
        Assert.Contains("'disp2'", collinear.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOptionsException>(() => LogisticRegression.Fit(x, 1, new double[] { 0, 1, 1, 0, 1, 0 }, new LogisticRegressionOptions { MaxIterations = 0, Penalty = -1 }));
    }
}

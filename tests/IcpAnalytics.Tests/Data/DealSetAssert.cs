using IcpAnalytics.Data;

namespace IcpAnalytics.Tests.Data;

/// <summary>Equality of deal sets by content: ids, outcomes, dates, every numeric column by role or name, categoricals by value.</summary>
internal static class DealSetAssert
{
    public static void Equal(DealSet expected, DealSet actual, bool compareIds = true)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            if (compareIds) Assert.Equal(expected.DealId(i), actual.DealId(i));
            Assert.Equal(expected.IsWon(i), actual.IsWon(i));
            Assert.Equal(expected.ClosedOn(i), actual.ClosedOn(i));
        }
        Numeric(expected.Revenue, actual.Revenue);
        Optional(expected.GrossMargin, actual.GrossMargin);
        Optional(expected.Discount, actual.Discount);
        Optional(expected.CycleDays, actual.CycleDays);
        Optional(expected.EffortHours, actual.EffortHours);
        Categorical(expected.Accounts, actual.Accounts);
        Categorical(expected.Reps, actual.Reps);
        Assert.Equal(expected.Efforts.Select(e => e.Name), actual.Efforts.Select(e => e.Name));
        for (int k = 0; k < expected.Efforts.Count; k++) Numeric(expected.Efforts[k], actual.Efforts[k]);
        Assert.Equal(expected.CategoricalAttributes.Select(c => c.Name).Order(), actual.CategoricalAttributes.Select(c => c.Name).Order());
        foreach (CategoricalColumn c in expected.CategoricalAttributes) Categorical(c, actual.Categorical(c.Name));
        Assert.Equal(expected.NumericAttributes.Select(c => c.Name).Order(), actual.NumericAttributes.Select(c => c.Name).Order());
        foreach (NumericColumn c in expected.NumericAttributes) Numeric(c, actual.NumericAttributes.Single(a => a.Name == c.Name));
    }

    public static void Numeric(NumericColumn expected, NumericColumn actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            double e = expected[i], a = actual[i];
            Assert.True(e.Equals(a), $"{expected.Name}[{i}]: expected {e}, got {a} ({actual.Name})");
        }
    }

    public static void Categorical(CategoricalColumn expected, CategoricalColumn actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++) Assert.True(expected[i] == actual[i], $"{expected.Name}[{i}]: expected '{expected[i]}', got '{actual[i]}'");
    }

    private static void Optional(NumericColumn? expected, NumericColumn? actual)
    {
        Assert.Equal(expected is null, actual is null);
        if (expected is not null) Numeric(expected, actual!);
    }
}

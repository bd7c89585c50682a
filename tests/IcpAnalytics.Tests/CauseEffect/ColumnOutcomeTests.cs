using System.Globalization;
using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;
using IcpAnalytics.Reports;
using Xunit.Abstractions;

namespace IcpAnalytics.Tests.CauseEffect;

/// <summary>
/// Effects on any numeric column, on data that is not about sales or money: support tickets loaded from objects without
/// revenue, where follow-up calls shorten the days to resolve a ticket and bigger customers both get more calls and take longer.
/// </summary>
public class ColumnOutcomeTests(ITestOutputHelper output)
{
    private sealed record Ticket(string Id, string Priority, double Seats, double Calls, double? ResolutionDays);

    private const double CallEffect = -1.5; // days per step of log(1 + calls)
    private static readonly string[] Priorities = ["low", "normal", "high"];

    /// <summary>days = 12 + 2 · log(seats) − 1.5 · log(1 + calls) + 1.5 · priority + noise; calls rise with log(seats) and priority; 2 % of tickets have no days yet.</summary>
    private static List<Ticket> Generate(int n, int seed)
    {
        var rng = new Random(seed);
        var tickets = new List<Ticket>(n);
        for (int i = 0; i < n; i++)
        {
            double logSeats = 3 + Normal(rng);
            int priority = rng.Next(3);
            double calls = Poisson(rng, Math.Exp(0.2 + 0.4 * (logSeats - 3) + 0.3 * priority));
            double days = 12 + 2 * (logSeats - 3) + CallEffect * Math.Log(1 + calls) + 1.5 * priority + 2 * Normal(rng);
            tickets.Add(new Ticket("T" + i, Priorities[priority], Math.Round(Math.Exp(logSeats)) + 1, calls, rng.NextDouble() < 0.02 ? null : days));
        }
        return tickets;
    }

    private static DealSet Load(List<Ticket> tickets) => DealSet.FromObjects(tickets, m => m
        .DealId(t => t.Id).Won(_ => true).WithoutRevenue()
        .Effort("calls", t => t.Calls).Attribute("priority", t => t.Priority)
        .NumericAttribute("seats", t => t.Seats).NumericAttribute("resolution_days", t => t.ResolutionDays));

    private static EffortEffects Fit(DealSet tickets, int seed) => tickets.EffortEffects()
        .Of("calls").Controlling("log(seats)", "priority").OutcomeColumn("resolution_days")
        .Configure(o => o with { RunChecks = false }).Seed(seed).Build();

    [Fact]
    public void TicketsWithoutRevenue_EffectOnResolutionDays_CoversTheTruth_200Datasets()
    {
        int covered = 0, significant = 0;
        double sum = 0;
        const int Datasets = 200;
        for (int rep = 0; rep < Datasets; rep++)
        {
            EffortEffect e = Fit(Load(Generate(800, 90_000 + rep)), rep).Overall.Effect("calls")!;
            sum += e.Estimate;
            if (e.Lower <= CallEffect && CallEffect <= e.Upper) covered++;
            if (e.IsSignificant) significant++;
        }
        double coverage = (double)covered / Datasets;
        output.WriteLine($"truth {CallEffect}: coverage {coverage:P1}, mean {sum / Datasets:0.000}, significant {significant}");
        Assert.InRange(coverage, 0.92, 0.97);
        Assert.InRange(sum / Datasets, CallEffect * 1.05, CallEffect * 0.95);
    }

    [Fact]
    public void ColumnOutcome_IsNamedInTheResultAndReport_WithoutCurrency_AndMissingValuesAreCounted()
    {
        List<Ticket> tickets = Generate(1_000, 7);
        DealSet deals = Load(tickets);
        Assert.False(deals.HasRevenue);
        EffortEffects e = Fit(deals, 1);
        int missing = tickets.Count(t => t.ResolutionDays is null);
        Assert.Equal(EffortOutcome.Column, e.Outcome);
        Assert.Equal("resolution_days", e.OutcomeName);
        Assert.False(e.OutcomeIsMoney);
        Assert.Equal(tickets.Count - missing, e.Deals);
        Assert.Contains(e.LeftOut, l => l == string.Create(CultureInfo.InvariantCulture, $"{missing:N0} deals without a value of the outcome resolution_days"));
        Assert.DoesNotContain(e.Warnings, w => w.Contains("revenue", StringComparison.Ordinal));
        Assert.StartsWith("Effort effects on resolution_days of calls", e.ToString(), StringComparison.Ordinal);

        ReportSection section = EffortEffectsSection.Build(e, new ReportFormatter(CultureInfo.InvariantCulture, "$"));
        string text = string.Join("\n", section.Paragraphs.Concat(section.Findings.Select(f => f.Text)));
        output.WriteLine(text);
        Assert.Contains("returns in resolution_days", text);
        Assert.DoesNotContain("$", text);
    }

    [Fact]
    public void ColumnOutcome_UnknownOrEffortOrControlColumn_IsRefusedWithTheFix()
    {
        DealSet deals = Load(Generate(300, 2));
        var unknown = Assert.Throws<InvalidOptionsException>(() => deals.EffortEffects().Of("calls").OutcomeColumn("days_to_close").Build());
        Assert.Contains("no numeric column 'days_to_close'", unknown.Message);
        Assert.Contains("resolution_days", unknown.Message);
        var effort = Assert.Throws<InvalidOptionsException>(() => deals.EffortEffects().Of("calls").OutcomeColumn("calls").Build());
        Assert.Contains("is an effort being estimated", effort.Message);
        var control = Assert.Throws<InvalidOptionsException>(() => deals.EffortEffects().Of("calls").Controlling("resolution_days").OutcomeColumn("resolution_days").Build());
        Assert.Contains("Drop it from Controlling", control.Message);
        Assert.Throws<InvalidOptionsException>(() => deals.EffortEffects().Outcome(EffortOutcome.Column));
    }

    private static double Normal(Random rng)
    {
        double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    private static double Poisson(Random rng, double lambda)
    {
        double l = Math.Exp(-lambda), p = 1;
        int k = 0;
        do { k++; p *= rng.NextDouble(); } while (p > l);
        return k - 1;
    }
}

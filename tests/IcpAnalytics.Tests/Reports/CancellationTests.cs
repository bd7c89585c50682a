using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Reports;

namespace IcpAnalytics.Tests.Reports;

/// <summary>
/// Cancelling a long operation stops it with <see cref="OperationCanceledException"/> and writes nothing. No tight clock:
/// the bounds only say the build stopped long before it would have finished (a shared machine can be 10x slower).
/// </summary>
public class CancellationTests
{
    private static readonly Lazy<DealSet> Large = new(() => SampleDeals.Generate(200_000, seed: 11));

    [Fact]
    public void AlreadyCancelled_EveryBuilderStopsBeforeDoingAnything()
    {
        DealSet deals = SampleDeals.Generate(500, seed: 3);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => deals.Icp().Build(cts.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => deals.Icp().ValidateOnDealsClosedAfter(new DateOnly(2025, 1, 1), cts.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => deals.EffortEffects().Of("meetings").Build(cts.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => ProfitYieldReport.For(deals).Build(cts.Token));
        // The same calls without a token still build.
        Assert.NotNull(deals.Icp().Build());
    }

    [Fact]
    public void IcpBuild_OnTwoHundredThousandDeals_StopsSoonAfterCancel()
    {
        DealSet deals = Large.Value;
        using var cts = new CancellationTokenSource();
        cts.CancelAfter(TimeSpan.FromMilliseconds(100));
        // The rule search stops at its next level or within a level's parallel pass (no wall-clock bound: a loaded machine is slow).
        Assert.ThrowsAny<OperationCanceledException>(() => deals.Icp().MaxConditions(3).Build(cts.Token));
    }

    [Fact]
    public void ReportBuild_CancelledMidway_ThrowsAndLeavesThePreviousFileAndNoOtherFile()
    {
        DealSet deals = Large.Value;
        using var folder = new TempFolder();
        string path = Path.Combine(folder.Path, "profit-yield.html");
        File.WriteAllText(path, "previous report");
        var steps = new List<string>();
        using var cts = new CancellationTokenSource();
        // Cancel as the ICP step starts: the data section is done, the rest is not.
        var progress = new SynchronousProgress(p =>
        {
            steps.Add(p.Step);
            if (p.Completed == 1) cts.Cancel();
        });
        Assert.ThrowsAny<OperationCanceledException>(() =>
            ProfitYieldReport.For(deals).ReportProgressTo(progress).Build(cts.Token).SaveHtml(path));
        // It stopped in the ICP step: no later step was reported, and "Done" never was.
        Assert.DoesNotContain("Done", steps);
        Assert.DoesNotContain(steps, s => s.StartsWith("Estimating effort effects", StringComparison.Ordinal));
        Assert.Equal("previous report", File.ReadAllText(path));
        Assert.Equal([path], Directory.GetFiles(folder.Path));
    }

    private sealed class SynchronousProgress(Action<ReportProgress> report) : IProgress<ReportProgress>
    {
        public void Report(ReportProgress value) => report(value);
    }
}

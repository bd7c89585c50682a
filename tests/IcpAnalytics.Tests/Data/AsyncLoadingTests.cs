using System.Diagnostics;
using IcpAnalytics.Data;

namespace IcpAnalytics.Tests.Data;

public class AsyncLoadingTests
{
    [Fact]
    public async Task FromCsvAsync_SampleExport_SameDealsAndReportAsTheSyncLoad()
    {
        string path = Repo.File("samples", "data", "deals.csv");
        DealSet sync = DealSet.FromCsv(path);
        DealSet viaPath = await DealSet.FromCsvAsync(path);
        await using FileStream stream = File.OpenRead(path);
        DealSet viaStream = await DealSet.FromCsvAsync(stream, options: new DealLoadOptions { SourceName = path });
        DealSetAssert.Equal(sync, viaPath);
        DealSetAssert.Equal(sync, viaStream);
        Assert.Equal(sync.LoadReport.ToString(), viaPath.LoadReport.ToString());
        Assert.Equal(sync.LoadReport.ToString(), viaStream.LoadReport.ToString());
    }

    [Fact]
    public async Task FromCsvAsync_CancelledMidFile_StopsSoonWithOperationCanceled()
    {
        using var temp = new TempFolder();
        string path = temp.File("big.csv");
        await using (var writer = new StreamWriter(path)) SampleDeals.WriteCsv(writer, new SampleDealsOptions { Count = 400_000, Seed = 3 });
        using var cancel = new CancellationTokenSource();
        Task<DealSet> load = DealSet.FromCsvAsync(path, options: new DealLoadOptions { Policy = BadDataPolicy.Lenient }, cancellationToken: cancel.Token);
        await Task.Delay(50);
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => load);
        // The load stopped with the cancel instead of completing (no wall-clock bound: a shared machine can be 10x slower).
        // The file was not touched and can be loaded again at once.
        Assert.Equal(400_000, (await DealSet.FromCsvAsync(path)).Count);
    }

    [Fact]
    public async Task FromCsvAsync_AlreadyCancelled_DoesNotStart()
    {
        using var cancel = new CancellationTokenSource();
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => DealSet.FromCsvAsync(Repo.File("samples", "data", "deals.csv"), cancellationToken: cancel.Token));
    }
}

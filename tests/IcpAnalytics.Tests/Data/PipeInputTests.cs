using System.Diagnostics;
using System.Globalization;
using System.Text;
using IcpAnalytics.Data;

namespace IcpAnalytics.Tests.Data;

/// <summary>
/// Deals read from a named pipe, as a shell's process substitution hands them over (<c>icp report &lt;(zcat deals.csv.gz)</c>):
/// a pipe can be read once, so the loader must not take a pass to count rows first. Before this was fixed the counting pass
/// swallowed the whole input and the load then reported an empty file.
/// </summary>
public class PipeInputTests
{
    [Fact]
    public async Task FromCsv_OnANamedPipe_LoadsTheSameDealsAsFromTheFile()
    {
        if (OperatingSystem.IsWindows()) return; // mkfifo(1)
        using var temp = new TempFolder("icp-pipe-");
        var csv = new StringBuilder("deal_id,account_id,close_date,industry,stage,amount,gross_margin,meetings,effort_hours\n");
        for (int i = 0; i < 30_000; i++)
        {
            csv.Append(CultureInfo.InvariantCulture,
                $"D{i:D6},A{i % 811:D4},2025-{1 + i % 12:D2}-{1 + i % 28:D2},{(i % 3 == 0 ? "Software" : "Retail")},{(i % 4 == 0 ? "Closed Won" : "Closed Lost")},{1000 + i % 5000}.5,{300 + i % 700},{i % 6},{1 + i % 9}\n");
        }
        csv.Append("D999999,A0001,someday,Software,Closed Won,100,50,1,1\n"); // a bad date: rejected with its line number
        string file = temp.Write("deals.csv", csv.ToString());
        string pipe = temp.File("pipe.csv");
        using (Process mkfifo = Process.Start("mkfifo", [pipe])!) mkfifo.WaitForExit();

        Task writer = Task.Run(() =>
        {
            using var stream = new FileStream(pipe, FileMode.Open, FileAccess.Write);
            byte[] bytes = Encoding.UTF8.GetBytes(csv.ToString());
            for (int at = 0; at < bytes.Length; at += 8192) stream.Write(bytes, at, Math.Min(8192, bytes.Length - at));
        });
        var lenient = new DealLoadOptions { Policy = BadDataPolicy.Lenient };
        DealSet fromPipe = DealSet.FromCsv(pipe, options: lenient);
        await writer;
        DealSet fromFile = DealSet.FromCsv(file, options: lenient);

        Assert.Equal(30_000, fromPipe.Count);
        DealSetAssert.Equal(fromFile, fromPipe);
        Assert.Equal(30_001, fromPipe.LoadReport.RowsRead);
        Assert.Equal(30_002L, Assert.Single(fromPipe.LoadReport.Rejected).Line);
    }
}

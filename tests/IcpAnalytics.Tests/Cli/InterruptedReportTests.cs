using System.Diagnostics;
using System.Text;

namespace IcpAnalytics.Tests.Cli;

/// <summary>Ctrl-C (SIGINT) during <c>icp report</c>: the build is cancelled, exit code 130, the previous report intact, no other file.</summary>
public class InterruptedReportTests
{
    [Fact]
    public void Report_InterruptedWhileBuilding_Exits130_PreviousReportIntact()
    {
        if (OperatingSystem.IsWindows()) return; // sends SIGINT with kill(1)
        using var temp = new TempFolder("icp-sigint-");
        string target = temp.Write("r.html", "previous report");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = temp.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])[Path.Combine(AppContext.BaseDirectory, "icp.dll"), "report", "--sample-deals", "200000", "--out", "r.html"])
            start.ArgumentList.Add(a);
        using Process process = Process.Start(start)!;
        var stderr = new StringBuilder();
        bool building = false;
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.AppendLine(e.Data);
            // Progress lines go to standard error when it is redirected: "[2/7] Discovering the ICP ...".
            if (e.Data.StartsWith("[2/", StringComparison.Ordinal)) Volatile.Write(ref building, true);
        };
        process.BeginErrorReadLine();
        _ = process.StandardOutput.ReadToEndAsync();
        var clock = Stopwatch.StartNew();
        while (!process.HasExited && !Volatile.Read(ref building) && clock.Elapsed < TimeSpan.FromMinutes(30)) Thread.Sleep(10);
        Assert.False(process.HasExited, "the report finished before the ICP step started: " + stderr);
        using (Process kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!) kill.WaitForExit();
        Assert.True(process.WaitForExit(300_000));
        process.WaitForExit();
        Assert.Equal(130, process.ExitCode);
        Assert.Contains("Interrupted: no report was written", stderr.ToString(), StringComparison.Ordinal);
        Assert.Equal("previous report", File.ReadAllText(target));
        Assert.Equal([target], Directory.GetFiles(temp.Path));
    }
    /// <summary>
    /// Ctrl-C while the deals are still loading: the deals come through a named pipe (as with <c>icp report &lt;(zcat deals.csv.gz)</c>),
    /// so the load is certainly under way when the signal arrives; the test keeps writing rows and never closes the pipe, so
    /// the process can only end because the load noticed the cancellation (it checks every 4,096 rows): exit 130, no report,
    /// and no step after loading started.
    /// </summary>
    [Fact]
    public void Report_InterruptedWhileLoadingFromAPipe_Exits130_BeforeTheInputEnds()
    {
        if (OperatingSystem.IsWindows()) return; // named pipes via mkfifo(1), SIGINT via kill(1)
        using var temp = new TempFolder("icp-sigint-load-");
        string pipe = Path.Combine(temp.Path, "deals.csv");
        using (Process mkfifo = Process.Start("mkfifo", [pipe])!) mkfifo.WaitForExit();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = temp.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])[Path.Combine(AppContext.BaseDirectory, "icp.dll"), "report", "deals.csv", "--out", "r.html"])
            start.ArgumentList.Add(a);
        using Process process = Process.Start(start)!;
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (stderr) stderr.AppendLine(e.Data);
        };
        process.BeginErrorReadLine();
        _ = process.StandardOutput.ReadToEndAsync();

        int written = 0;
        bool pipeBroken = false;
        using (var writer = new StreamWriter(new FileStream(pipe, FileMode.Open, FileAccess.Write), new UTF8Encoding(false)))
        {
            writer.WriteLine("deal_id,account_id,close_date,industry,stage,amount,gross_margin,meetings,effort_hours");
            bool Write(int rows)
            {
                try
                {
                    for (int i = 0; i < rows; i++, written++)
                    {
                        writer.Write(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                            $"D{written:D7},A{written % 997:D4},2025-{1 + written % 12:D2}-{1 + written % 28:D2},{(written % 3 == 0 ? "Software" : "Retail")},{(written % 4 == 0 ? "Closed Won" : "Closed Lost")},{1000 + written % 5000},{300 + written % 700},{written % 6},{1 + written % 9}\n"));
                    }
                    writer.Flush();
                    return true;
                }
                catch (IOException)
                {
                    pipeBroken = true; // the reader has gone: the process ended
                    return false;
                }
            }
            Assert.True(Write(10_000));
            using (Process kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!) kill.WaitForExit();
            // Keep the input coming (and open) until the process stops; an uncancellable load would wait for the end.
            while (!process.HasExited && written < 2_000_000 && Write(4_096)) Thread.Sleep(5);
            Assert.True(process.HasExited || pipeBroken, $"the load went on after Ctrl-C: {written:N0} rows written. " + stderr);
            try
            {
                writer.Dispose();
            }
            catch (IOException)
            {
                // the reader closed the pipe first
            }
        }
        Assert.True(process.WaitForExit(300_000));
        process.WaitForExit();
        Assert.Equal(130, process.ExitCode);
        string log = stderr.ToString();
        Assert.Contains("Interrupted: no report was written", log, StringComparison.Ordinal);
        Assert.DoesNotContain("[1/", log, StringComparison.Ordinal);
        Assert.Equal([pipe], Directory.GetFiles(temp.Path));
    }
}

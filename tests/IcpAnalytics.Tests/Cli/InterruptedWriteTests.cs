using System.Diagnostics;
using IcpAnalytics.Cli;

namespace IcpAnalytics.Tests.Cli;

/// <summary>Interrupting <c>icp report</c> while it writes leaves the previous report intact and no temporary file.</summary>
public class InterruptedWriteTests
{
    [Fact]
    public void Report_TerminatedWhileWriting_PreviousReportIntactAndTempFileRemoved()
    {
        if (OperatingSystem.IsWindows()) return; // sends SIGTERM with kill(1)
        using var temp = new TempFolder("icp-interrupt-");
        string target = temp.Write("big.json", "previous report");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = temp.Path, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in (string[])[Path.Combine(AppContext.BaseDirectory, "icp.dll"), "report", "--sample-deals", "200000", "--format", "json", "--out", "big.json", "--quiet"])
            start.ArgumentList.Add(a);
        using Process process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync();
        _ = process.StandardError.ReadToEndAsync();
        bool caught = false;
        var clock = Stopwatch.StartNew();
        while (!process.HasExited && clock.Elapsed < TimeSpan.FromMinutes(30))
        {
            if (Directory.GetFiles(temp.Path, AtomicFile.TempPrefix + "big.json.*").Length > 0)
            {
                using Process kill = Process.Start("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
                kill.WaitForExit();
                caught = true;
                break;
            }
            Thread.Sleep(10);
        }
        Assert.True(process.WaitForExit(120_000));
        Assert.True(caught, "the report finished before its temporary file was seen; the write of 200,000 deals' JSON takes over a second.");
        Assert.Equal(ExitCodes.Interrupted, process.ExitCode); // 130: interrupted, the write did not complete
        Assert.Equal("previous report", File.ReadAllText(target));
        Assert.Equal([target], Directory.GetFiles(temp.Path));
    }
}

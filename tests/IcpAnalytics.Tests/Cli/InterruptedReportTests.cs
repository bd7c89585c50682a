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
}

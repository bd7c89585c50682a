using System.Diagnostics;

namespace IcpAnalytics.Tests.Samples;

/// <summary>Runs <c>dotnet run file.cs</c> (a .NET 10 file-based app).</summary>
internal static class DotnetRun
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result File(string script, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("run");
        start.ArgumentList.Add(script);
        if (args.Length > 0) start.ArgumentList.Add("--");
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        // No wall-clock limit: a first "dotnet run" restores and compiles, which on a loaded shared machine can take many minutes.
        process.WaitForExit();
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}

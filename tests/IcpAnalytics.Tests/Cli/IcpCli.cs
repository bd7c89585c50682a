using System.CommandLine;
using System.Diagnostics;

namespace IcpAnalytics.Tests.Cli;

/// <summary>Runs the built <c>icp</c> command (icp.dll, copied beside the tests) with <c>dotnet</c>, as a user would, or one command in process.</summary>
internal static class IcpCli
{
    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>Invokes <paramref name="command"/> in this process under a test root command, capturing what it writes.</summary>
    public static (int Exit, string Output, string Error) InProcess(Command command, params string[] args)
    {
        var root = new RootCommand("test");
        root.Subcommands.Add(command);
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = IcpAnalytics.Cli.CliConventions.Invoke(root, [command.Name, .. args], new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    public static Result Run(string workingDirectory, params string[] args)
    {
        string icp = Path.Combine(AppContext.BaseDirectory, "icp.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(icp);
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(60_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("icp " + string.Join(' ', args) + " did not finish within 60 s.");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}

using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using IcpAnalytics.Tests.Samples;

namespace IcpAnalytics.Tests.Packaging;

/// <summary>
/// Packs the library and the tool once (a unique prerelease version, so no package cache can hold an older build), for
/// the tests that install and reference the packages as a user would.
/// </summary>
public sealed class PackedPackages : IDisposable
{
    public PackedPackages()
    {
        Version = "0.1.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture) + "." + Environment.ProcessId;
        Folder = new TempFolder("icp-packages-");
        foreach (string project in new[] { "src/IcpAnalytics/IcpAnalytics.csproj", "src/IcpAnalytics.Cli/IcpAnalytics.Cli.csproj" })
        {
            // The test run has built both projects (Debug); the package takes those binaries. Package validation needs a
            // published baseline, which a test prerelease has no business with.
            Dotnet.Result pack = Dotnet.Run(Repo.Root, "pack", Repo.File(project), "-c", "Debug", "--no-build", "-o", Folder.Path,
                "-p:Version=" + Version, "-p:PackageValidationBaselineVersion=");
            if (pack.ExitCode != 0) throw new InvalidOperationException("dotnet pack " + project + " failed:\n" + pack.Output + pack.Error);
        }
    }

    public string Version { get; }

    public TempFolder Folder { get; }

    public string Package(string id, string extension = ".nupkg") => Path.Combine(Folder.Path, $"{id}.{Version}{extension}");

    public void Dispose()
    {
        Folder.Dispose();
        // The restore of the fresh project put this test-only version into the user's package cache: take it out again.
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        foreach (string id in new[] { "icpanalytics", "icpanalytics.cli" })
        {
            string dir = Path.Combine(cache, id, Version.ToLowerInvariant());
            if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true);
            string parent = Path.Combine(cache, id);
            if (Directory.Exists(parent) && !Directory.EnumerateFileSystemEntries(parent).Any()) Directory.Delete(parent);
        }
    }
}

[Collection("dotnet run")]
public class PackageTests(PackedPackages packages) : IClassFixture<PackedPackages>
{
    [Fact]
    public void LibraryPackage_HasReadmeIconSymbolsAndSourceLink()
    {
        using (ZipArchive nupkg = ZipFile.OpenRead(packages.Package("IcpAnalytics")))
        {
            string[] entries = [.. nupkg.Entries.Select(e => e.FullName)];
            Assert.Contains("README.md", entries);
            Assert.Contains("icon.png", entries);
            Assert.Contains("lib/net10.0/IcpAnalytics.dll", entries);
            Assert.Contains("lib/net10.0/IcpAnalytics.xml", entries);
            string nuspec = Read(nupkg, "IcpAnalytics.nuspec");
            Assert.Contains("<readme>README.md</readme>", nuspec, StringComparison.Ordinal);
            Assert.Contains("<icon>icon.png</icon>", nuspec, StringComparison.Ordinal);
            Assert.Contains("<repository type=\"git\" url=\"https://github.com/icpanalytics/icpanalytics\"", nuspec, StringComparison.Ordinal);
        }
        using ZipArchive snupkg = ZipFile.OpenRead(packages.Package("IcpAnalytics", ".snupkg"));
        ZipArchiveEntry pdb = snupkg.GetEntry("lib/net10.0/IcpAnalytics.pdb")!;
        Assert.NotNull(pdb);
        using var stream = new MemoryStream();
        using (Stream s = pdb.Open()) s.CopyTo(stream);
        string text = System.Text.Encoding.UTF8.GetString(stream.ToArray());
        // The Source Link map: the sources of the built commit on GitHub.
        Assert.Matches(@"""https://raw\.githubusercontent\.com/icpanalytics/icpanalytics/[0-9a-f]{40}/\*""", text);
    }

    [Fact]
    public void ToolPackage_InstallsIntoAToolPathAndRuns()
    {
        using (ZipArchive nupkg = ZipFile.OpenRead(packages.Package("IcpAnalytics.Cli")))
        {
            Assert.Contains("README.md", nupkg.Entries.Select(e => e.FullName));
            ZipArchiveEntry config = nupkg.Entries.Single(e => e.FullName.EndsWith("icp.runtimeconfig.json", StringComparison.Ordinal));
            using Stream s = config.Open();
            using JsonDocument json = JsonDocument.Parse(s);
            Assert.Equal("LatestMajor", json.RootElement.GetProperty("runtimeOptions").GetProperty("rollForward").GetString());
        }
        using var temp = new TempFolder("icp-tool-");
        string tools = temp.File("tools");
        Dotnet.Result install = Dotnet.Run(temp.Path, "tool", "install", "IcpAnalytics.Cli", "--tool-path", tools,
            "--version", packages.Version, "--add-source", packages.Folder.Path);
        Assert.True(install.ExitCode == 0, install.Output + install.Error);

        string icp = Path.Combine(tools, OperatingSystem.IsWindows() ? "icp.exe" : "icp");
        Dotnet.Result report = Dotnet.Exec(icp, temp.Path, "report", "--out", temp.File("sample.html"));
        Assert.True(report.ExitCode == 0, report.Output + report.Error);
        Assert.Contains("<svg", File.ReadAllText(temp.File("sample.html")), StringComparison.Ordinal);
        Dotnet.Result inspect = Dotnet.Exec(icp, temp.Path, "inspect", Repo.File("samples", "data", "deals.csv"));
        Assert.Contains("2,040 rows read, 2,000 loaded, 40 open deals set aside, 0 rejected", inspect.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void LibraryPackage_FreshProjectRunsTheReadmeCode()
    {
        using var temp = new TempFolder("icp-consumer-");
        string data = Path.Combine(temp.Path, "samples", "data");
        Directory.CreateDirectory(data);
        foreach (string file in Directory.GetFiles(Repo.File("samples", "data"))) File.Copy(file, Path.Combine(data, Path.GetFileName(file)));
        temp.Write("nuget.config", $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="packed" value="{packages.Folder.Path}" />
              </packageSources>
            </configuration>
            """);
        temp.Write("Consumer.csproj", $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="IcpAnalytics" Version="{packages.Version}" />
              </ItemGroup>
            </Project>
            """);
        // The README's code blocks (from the package's own README.md), as the program of the fresh project.
        string readme;
        using (ZipArchive nupkg = ZipFile.OpenRead(packages.Package("IcpAnalytics"))) readme = Read(nupkg, "README.md");
        string app = ReadmeTests.ToFileBasedApp(readme, "unused", out int blocks);
        app = string.Join('\n', app.Split('\n').Where(l => !l.StartsWith("#:", StringComparison.Ordinal)));
        temp.Write("Program.cs", app);

        Dotnet.Result run = Dotnet.Run(temp.Path, "run", "--project", temp.File("Consumer.csproj"));

        Assert.True(run.ExitCode == 0, app + "\n---\n" + run.Output + run.Error);
        for (int k = 1; k <= blocks; k++) Assert.Contains($"README block {k} ran", run.Output, StringComparison.Ordinal);
        Assert.Contains("samples/data/deals.csv: 2,040 rows read, 2,000 loaded, 40 open deals set aside, 0 rejected", run.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(temp.File("profit-yield.html")));
    }

    private static string Read(ZipArchive zip, string name)
    {
        using var reader = new StreamReader(zip.GetEntry(name)!.Open());
        return reader.ReadToEnd();
    }
}

/// <summary>Runs <c>dotnet</c> (or a program) and collects its exit code and output.</summary>
internal static class Dotnet
{
    public sealed record Result(int ExitCode, string Output, string Error);

    public static Result Run(string workingDirectory, params string[] args) => Exec("dotnet", workingDirectory, args);

    public static Result Exec(string program, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args) start.ArgumentList.Add(a);
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(600_000))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException(program + " " + string.Join(' ', args) + " did not finish within 10 minutes.");
        }
        return new Result(process.ExitCode, output.Result, error.Result);
    }
}

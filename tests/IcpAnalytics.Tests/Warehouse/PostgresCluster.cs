using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace IcpAnalytics.Tests.Warehouses;

/// <summary>
/// A throwaway PostgreSQL cluster for the warehouse tests: initdb into a temporary folder, started on a free port on
/// 127.0.0.1 only (no Unix socket outside the folder, trust authentication on loopback), stopped and deleted on dispose.
/// Run as root, the server runs as the 'postgres' user (initdb refuses root). When PostgreSQL is not installed the tests
/// are skipped locally; with CI=true they fail instead, so CI never skips them silently.
/// </summary>
public sealed class PostgresCluster : IDisposable
{
    private readonly string _folder;
    private readonly string _bin;
    private readonly bool _asPostgresUser;

    public PostgresCluster()
    {
        string? bin = FindBin();
        if (bin is null)
            throw new InvalidOperationException("PostgreSQL server binaries (initdb, pg_ctl) were not found on PATH or under /usr/lib/postgresql/*/bin. Install Debian's 'postgresql' package (.ci/run does).");
        _bin = bin;
        _asPostgresUser = Environment.UserName == "root";
        _folder = Path.Combine(Path.GetTempPath(), "icp-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(_folder);
        string data = Path.Combine(_folder, "data");
        if (_asPostgresUser) Run("chown", $"postgres:postgres {_folder}");
        RunAsServerUser("initdb", $"-D {data} -U postgres --auth=trust -E UTF8 --no-locale --no-sync");
        Exception? last = null;
        for (int attempt = 0; attempt < 5; attempt++)
        {
            Port = FreePort();
            try
            {
                RunAsServerUser("pg_ctl", $"-D {data} -l {Path.Combine(_folder, "server.log")} -w -t 120 -o \"-c listen_addresses=127.0.0.1 -p {Port} -k {_folder} -c fsync=off -c full_page_writes=off -c synchronous_commit=off\" start");
                ConnectionString = new NpgsqlConnectionStringBuilder
                {
                    Host = "127.0.0.1", Port = Port, Username = "postgres", Database = "postgres", Pooling = false,
                    CommandTimeout = 600, Timeout = 60,
                }.ConnectionString;
                return;
            }
            catch (InvalidOperationException e)
            {
                last = e;
            }
        }
        throw new InvalidOperationException("The throwaway PostgreSQL cluster did not start on any of 5 free ports.", last);
    }

    /// <summary>The loopback port the cluster listens on.</summary>
    public int Port { get; private set; }

    /// <summary>A connection string to the cluster's 'postgres' database as the 'postgres' superuser (trust on loopback).</summary>
    public string ConnectionString { get; private set; } = "";

    public NpgsqlConnection Open()
    {
        var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        return connection;
    }

    /// <summary>Whether the server binaries are installed.</summary>
    public static bool Available => FindBin() is not null;

    /// <summary>The skip reason for PostgreSQL tests: null (run) when installed or on CI (where a missing server must fail).</summary>
    public static string? SkipReason =>
        Available || string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase)
            ? null
            : "PostgreSQL server binaries are not installed (apt-get install postgresql); CI=true makes this a failure instead of a skip.";

    private static string? FindBin()
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            if (File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"))) return dir;
        }
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root)) return null;
        return Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out int v) ? v : 0)
            .FirstOrDefault();
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        int port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private void RunAsServerUser(string tool, string arguments)
    {
        string exe = Path.Combine(_bin, tool);
        if (_asPostgresUser) Run("runuser", $"-u postgres -- {exe} {arguments}");
        else Run(exe, arguments);
    }

    private static void Run(string exe, string arguments)
    {
        var info = new ProcessStartInfo(exe, arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        using Process process = Process.Start(info)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(300_000))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(exe)} did not finish within 5 minutes.");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(exe)} failed ({process.ExitCode}): {stderr.Result}{stdout.Result}");
    }

    public void Dispose()
    {
        try
        {
            RunAsServerUser("pg_ctl", $"-D {Path.Combine(_folder, "data")} -m immediate -w stop");
        }
        catch (InvalidOperationException)
        {
            // Not started, or already stopped: the folder is removed below either way.
        }
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

/// <summary>The tests that share one throwaway PostgreSQL cluster.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "PostgreSQL cluster";
}

/// <summary>A fact that needs PostgreSQL: skipped only outside CI when the server is not installed.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresCluster.SkipReason is string reason) Skip = reason;
    }
}

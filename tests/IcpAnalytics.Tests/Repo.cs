namespace IcpAnalytics.Tests;

/// <summary>Where the repository's files are, found from the test binaries upwards.</summary>
internal static class Repo
{
    public static string Root
    {
        get
        {
            string? dir = AppContext.BaseDirectory;
            while (dir is not null && !System.IO.File.Exists(Path.Combine(dir, "IcpAnalytics.sln"))) dir = Path.GetDirectoryName(dir);
            return dir ?? throw new InvalidOperationException("IcpAnalytics.sln not found above " + AppContext.BaseDirectory);
        }
    }

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);
}

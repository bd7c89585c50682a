namespace IcpAnalytics.Tests;

/// <summary>A fresh folder under the system temp folder for one test's files, deleted with everything in it on Dispose.</summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates the folder, named <paramref name="prefix"/> plus a new GUID.</summary>
    public TempFolder(string prefix = "icp-test-")
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), prefix + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <summary>The path of <paramref name="name"/> inside the folder (the file need not exist).</summary>
    public string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Writes <paramref name="text"/> to <paramref name="name"/> inside the folder and returns its path.</summary>
    public string Write(string name, string text)
    {
        string path = File(name);
        System.IO.File.WriteAllText(path, text);
        return path;
    }

    /// <summary>Deletes the folder and everything in it.</summary>
    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}

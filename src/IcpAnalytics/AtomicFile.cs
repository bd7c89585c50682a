using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;

namespace IcpAnalytics;

/// <summary>
/// Every file the library writes (reports in every format, CSV tables, saved profiles) goes through here: the content is written to
/// a temporary file in the destination's own folder, flushed to disk, and renamed over the destination in one step. A write that
/// fails (an exception, a full disk) or is interrupted (Ctrl-C, SIGTERM) leaves the previous file exactly as it was, and the
/// temporary file is removed (on an interrupt, by the signal handler registered while the write is in progress).
/// </summary>
internal static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    // Temporary files being written right now, removed if the process is interrupted before they are renamed into place.
    private static readonly ConcurrentDictionary<string, byte> Pending = new(StringComparer.Ordinal);
    private static readonly object SignalGate = new();
    private static int s_writers;
    private static PosixSignalRegistration[]? s_signals;
    private static int s_processExitHooked;

    /// <summary>The prefix of every temporary file (hidden on Unix), followed by the destination's name.</summary>
    internal const string TempPrefix = ".icp-tmp-";

    /// <summary>Writes UTF-8 text (no byte-order mark, "\n" line ends unless the writer sets others) to <paramref name="path"/> atomically.</summary>
    /// <param name="path">The destination; its folder is created if needed.</param>
    /// <param name="write">Writes the content; an exception it throws leaves the destination untouched.</param>
    public static void WriteText(string path, Action<TextWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, Utf8NoBom, bufferSize: 1 << 16, leaveOpen: true) { NewLine = "\n" };
            write(writer);
        });
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8 (no byte-order mark) to <paramref name="path"/> atomically.</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteText(path, w => w.Write(text));
    }

    /// <summary>Writes bytes to <paramref name="path"/> atomically: a temporary file in the same folder, flushed, then renamed into place.</summary>
    /// <param name="path">The destination; its folder is created if needed.</param>
    /// <param name="write">Writes the content to the temporary file's stream.</param>
    public static void Write(string path, Action<Stream> write)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(write);
        string full = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(full) ?? throw new IOException($"'{path}' names no file; give a file path such as reports/profit-yield.html.");
        string name = Path.GetFileName(full);
        if (name.Length == 0) throw new IOException($"'{path}' is a folder; give a file path such as {Path.Combine(path, "profit-yield.html")}.");
        if (Directory.Exists(full)) throw new IOException($"'{full}' is a folder; give a file path, or remove the folder.");
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, TempPrefix + name + "." + Guid.NewGuid().ToString("N")[..12]);
        Enter(temp);
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(temp, full, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
        finally
        {
            Leave(temp);
        }
    }

    private static void Enter(string temp)
    {
        Pending[temp] = 0;
        lock (SignalGate)
        {
            if (Interlocked.Exchange(ref s_processExitHooked, 1) == 0) AppDomain.CurrentDomain.ProcessExit += (_, _) => RemovePending();
            if (s_writers++ == 0) s_signals = Register();
        }
    }

    private static void Leave(string temp)
    {
        Pending.TryRemove(temp, out _);
        lock (SignalGate)
        {
            if (--s_writers == 0 && s_signals is not null)
            {
                foreach (PosixSignalRegistration r in s_signals) r.Dispose();
                s_signals = null;
            }
        }
    }

    // While a write is in progress, Ctrl-C (SIGINT), SIGTERM and SIGQUIT first remove the temporary files, then let the signal's
    // default handling (or the application's own handler) go on: the library never cancels a signal.
    private static PosixSignalRegistration[]? Register()
    {
        try
        {
            return
            [
                PosixSignalRegistration.Create(PosixSignal.SIGINT, _ => RemovePending()),
                PosixSignalRegistration.Create(PosixSignal.SIGTERM, _ => RemovePending()),
                PosixSignalRegistration.Create(PosixSignal.SIGQUIT, _ => RemovePending()),
            ];
        }
        catch (Exception e) when (e is PlatformNotSupportedException or IOException)
        {
            return null;
        }
    }

    private static void RemovePending()
    {
        foreach (string temp in Pending.Keys) TryDelete(temp);
    }

    private static void TryDelete(string temp)
    {
        try
        {
            File.Delete(temp);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}

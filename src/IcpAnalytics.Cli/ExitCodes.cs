namespace IcpAnalytics.Cli;

/// <summary>
/// The exit codes of every <c>icp</c> command: the same situation gives the same code on every command (the README's table lists them).
/// </summary>
internal static class ExitCodes
{
    /// <summary>Done: every input row loaded and the results were written.</summary>
    public const int Ok = 0;

    /// <summary>The command line is wrong: an unknown option, a bad option value, a format the command does not write, or an output path that is one of the inputs. Nothing was read or written.</summary>
    public const int InvalidCommandLine = 1;

    /// <summary>An input could not be loaded (missing file, unreadable, a column map that does not fit, a bad row under --strict, a saved profile refused). Nothing was written.</summary>
    public const int NotLoaded = 2;

    /// <summary>Done and written, but some input rows were rejected: they are in no figure, and are listed (in the report's data section or on standard error).</summary>
    public const int RowsRejected = 3;

    /// <summary>The results could not be written (no permission, the folder is a file, disk full). Any previous file at the output path is intact.</summary>
    public const int NotWritten = 4;

    /// <summary>The analysis cannot be done on this data (for example a model that cannot be fitted: too few deals, a confounder collinear with the effort).</summary>
    public const int AnalysisFailed = 5;

    /// <summary>Interrupted (Ctrl-C; SIGTERM on report) before or while the results were written (128 + SIGINT); any previous output file is intact.</summary>
    public const int Interrupted = 130;
}

using System.Text;

namespace IcpAnalytics.Data;

public sealed partial class DealSet
{
    /// <summary>
    /// Loads closed deals from a CSV file on a thread-pool thread, as <see cref="FromCsv(string, Action{DealColumnMap}?, DealLoadOptions?)"/>
    /// does, and stops when <paramref name="cancellationToken"/> is cancelled: the file is read in blocks of 64 KiB and the
    /// token is checked before each, so a cancelled load ends within a block's parsing time (milliseconds) with an
    /// <see cref="OperationCanceledException"/>. Loading writes nothing, so a cancelled load leaves nothing behind.
    /// </summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="map">Maps columns to the parts of a deal; null infers everything from the column names.</param>
    /// <param name="options">Policy, delimiter, culture, date formats and outcome labels; null uses the defaults.</param>
    /// <param name="cancellationToken">Stops the load.</param>
    /// <returns>The deals, with their <see cref="LoadReport"/>.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="DealDataException">A required column is missing, the file has no deals, or (strict policy) a row is bad.</exception>
    /// <exception cref="OperationCanceledException">The load was cancelled.</exception>
    public static Task<DealSet> FromCsvAsync(string path, Action<DealColumnMap>? map = null, DealLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
            throw new FileNotFoundException($"The deals file '{path}' does not exist. Check the path (relative paths start at '{Environment.CurrentDirectory}').", path);
        options ??= new DealLoadOptions();
        options = options with { SourceName = options.SourceName ?? path, Cancellation = cancellationToken };
        return Task.Run(() =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var reader = new CancellableReader(OpenText(path), cancellationToken);
            return FromCsv(reader, map, options);
        }, cancellationToken);
    }

    /// <summary>
    /// Loads closed deals from a UTF-8 CSV stream on a thread-pool thread (see <see cref="FromCsvAsync(string, Action{DealColumnMap}?, DealLoadOptions?, CancellationToken)"/>),
    /// stopping when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    /// <param name="stream">The CSV bytes; read to the end (or until cancelled) and not closed.</param>
    /// <param name="map">Maps columns to the parts of a deal; null infers everything from the column names.</param>
    /// <param name="options">Policy, delimiter, culture, date formats and outcome labels; null uses the defaults.</param>
    /// <param name="cancellationToken">Stops the load.</param>
    /// <returns>The deals, with their <see cref="LoadReport"/>.</returns>
    /// <exception cref="OperationCanceledException">The load was cancelled.</exception>
    public static Task<DealSet> FromCsvAsync(Stream stream, Action<DealColumnMap>? map = null, DealLoadOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        return Task.Run(() =>
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var text = new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
            using var reader = new CancellableReader(text, cancellationToken);
            return FromCsv(reader, map, (options ?? new DealLoadOptions()) with { Cancellation = cancellationToken });
        }, cancellationToken);
    }

    /// <summary>Passes reads through, checking the token before each; disposing closes the inner reader.</summary>
    private sealed class CancellableReader(TextReader inner, CancellationToken token) : TextReader
    {
        public override int Peek()
        {
            token.ThrowIfCancellationRequested();
            return inner.Peek();
        }

        public override int Read()
        {
            token.ThrowIfCancellationRequested();
            return inner.Read();
        }

        public override int Read(char[] buffer, int index, int count)
        {
            token.ThrowIfCancellationRequested();
            return inner.Read(buffer, index, Math.Min(count, 1 << 16));
        }

        public override int Read(Span<char> buffer)
        {
            token.ThrowIfCancellationRequested();
            return inner.Read(buffer.Length > 1 << 16 ? buffer[..(1 << 16)] : buffer);
        }

        public override string? ReadLine()
        {
            token.ThrowIfCancellationRequested();
            return inner.ReadLine();
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) inner.Dispose();
            base.Dispose(disposing);
        }
    }
}

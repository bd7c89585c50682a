using IcpAnalytics.Data;
using Microsoft.ML;

namespace IcpAnalytics.ML;

/// <summary>Moves deals between a <see cref="DealSet"/> and ML.NET's <see cref="IDataView"/>, both ways.</summary>
public static class DealSetDataViewExtensions
{
    /// <param name="deals">The deals.</param>
    extension(DealSet deals)
    {
        /// <summary>
        /// The deals as an ML.NET data view with typed columns (see <see cref="DealDataView"/>): categorical attributes,
        /// account and rep are key columns whose key values are the levels. The columns are read in place, not copied.
        /// </summary>
        /// <returns>The view; <see cref="DealDataView.ColumnMap"/> reads it back.</returns>
        /// <exception cref="ArgumentException">Two parts of the deals have the same column name.</exception>
        public DealDataView ToDataView()
        {
            ArgumentNullException.ThrowIfNull(deals);
            return new DealDataView(deals);
        }
    }

    /// <summary>The loaders on <see cref="DealSet"/>.</summary>
    extension(DealSet)
    {
        /// <summary>
        /// Loads closed deals from any ML.NET data view with the same column map, inference, validation and
        /// <see cref="LoadReport"/> as a CSV or a database query (the view is read through the same loader engine; record
        /// numbers from 1 stand in for lines). Text, Boolean, number, key (read as the level name), DateTime and
        /// DateTimeOffset columns are read; vector columns are not deal columns and are named in an error when mapped. A
        /// <see cref="DealDataView"/> given without a map is read back with its own <see cref="DealDataView.ColumnMap"/>.
        /// </summary>
        /// <param name="view">The data view, read once from the start.</param>
        /// <param name="map">Maps columns to the parts of a deal; null infers everything from the column names (or uses the view's own map).</param>
        /// <param name="options">Policy, culture, date formats and outcome labels; null uses the defaults. The source is called "data view" unless <see cref="DealLoadOptions.SourceName"/> says otherwise.</param>
        /// <returns>The deals, with their <see cref="LoadReport"/>.</returns>
        /// <exception cref="DealDataException">A required column is missing, the view has no deals, or (strict policy) a row is bad.</exception>
        public static DealSet FromDataView(IDataView view, Action<DealColumnMap>? map = null, DealLoadOptions? options = null) =>
            Load(view, map, options, CancellationToken.None);

        /// <summary>
        /// Loads closed deals from a data view as <c>FromDataView</c> does, on a thread-pool thread, checking
        /// <paramref name="cancellationToken"/> before every row: a cancelled load stops at once with an
        /// <see cref="OperationCanceledException"/> and writes nothing.
        /// </summary>
        /// <param name="view">The data view, read once from the start.</param>
        /// <param name="map">Maps columns to the parts of a deal; null infers everything from the column names (or uses the view's own map).</param>
        /// <param name="options">Policy, culture, date formats and outcome labels; null uses the defaults.</param>
        /// <param name="cancellationToken">Stops the load.</param>
        /// <returns>The deals, with their <see cref="LoadReport"/>.</returns>
        /// <exception cref="OperationCanceledException">The load was cancelled.</exception>
        public static Task<DealSet> FromDataViewAsync(IDataView view, Action<DealColumnMap>? map = null, DealLoadOptions? options = null, CancellationToken cancellationToken = default)
        {
            ArgumentNullException.ThrowIfNull(view);
            return Task.Run(() => Load(view, map, options, cancellationToken), cancellationToken);
        }
    }

    private static DealSet Load(IDataView view, Action<DealColumnMap>? map, DealLoadOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(view);
        if (map is null && view is DealDataView own) map = own.ColumnMap;
        options ??= new DealLoadOptions();
        if (options.SourceName is null) options = options with { SourceName = "data view" };
        using var reader = new DataViewDealReader(view, cancellationToken);
        return DealSet.FromDataReader(reader, map, options);
    }
}

using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using IcpAnalytics.Data;
using IcpAnalytics.Warehouses;
using Parquet;
using Parquet.Data;
using Parquet.Schema;

/// <summary>
/// Which reads a deals Parquet export faster: DuckDB (read_parquet through its ADO.NET reader, and straight into a
/// DealSet with WarehouseDeals.Load) or Parquet.Net (column chunks into arrays). Best of 3 runs each.
/// </summary>
internal static class ParquetCompare
{
    internal static void Run(int deals)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        string csv = Path.Combine(Path.GetTempPath(), $"icp-scale-deals-{deals}.csv");
        if (!File.Exists(csv)) SampleDeals.WriteCsv(csv, new SampleDealsOptions { Count = deals, Seed = 7 });
        string parquet = Path.Combine(Path.GetTempPath(), $"icp-scale-deals-{deals}.parquet");
        using (var c = new DuckDBConnection("Data Source=:memory:"))
        {
            c.Open();
            using DbCommand cmd = c.CreateCommand();
            cmd.CommandText = $"COPY (SELECT * FROM read_csv('{csv}', header = true, types = {{'closed_date': 'DATE'}})) TO '{parquet}' (FORMAT parquet)";
            cmd.ExecuteNonQuery();
        }
        Console.WriteLine(string.Create(inv, $"Parquet file: {new FileInfo(parquet).Length / 1e6:F1} MB, {deals:N0} deals"));

        double Best(Func<long> run)
        {
            double best = double.MaxValue;
            for (int r = 0; r < 3; r++)
            {
                var sw = Stopwatch.StartNew();
                long cells = run();
                best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
                if (cells <= 0) throw new InvalidOperationException("nothing read");
            }
            return best;
        }

        double duck = Best(() =>
        {
            using var c = new DuckDBConnection("Data Source=:memory:");
            c.Open();
            using DbCommand cmd = c.CreateCommand();
            cmd.CommandText = $"SELECT * FROM read_parquet('{parquet}')";
            using DbDataReader r = cmd.ExecuteReader();
            var values = new object[r.FieldCount];
            long cells = 0;
            while (r.Read()) cells += r.GetValues(values);
            return cells;
        });
        double parquetNet = Best(() =>
        {
            using FileStream stream = File.OpenRead(parquet);
            ParquetReader reader = ParquetReader.CreateAsync(stream).GetAwaiter().GetResult();
            DataField[] fields = reader.Schema.GetDataFields();
            long cells = 0;
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                using ParquetRowGroupReader group = reader.OpenRowGroupReader(g);
                foreach (DataField f in fields)
                {
                    using var column = group.ReadRawColumnDataBaseAsync(f).GetAwaiter().GetResult() as IDisposable;
                    cells += group.RowCount;
                }
            }
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return cells;
        });
        double dealSet = Best(() =>
        {
            using var c = new DuckDBConnection("Data Source=:memory:");
            c.Open();
            return Warehouse.Deals(c, SqlDialect.DuckDb, WarehouseTable.ParquetFiles(parquet)).Load().Count;
        });
        double fromCsv = Best(() => DealSet.FromCsv(csv).Count);
        Console.WriteLine(string.Create(inv, $"DuckDB read_parquet, every cell through DbDataReader: {duck,8:F0} ms"));
        Console.WriteLine(string.Create(inv, $"Parquet.Net, every column chunk into arrays:          {parquetNet,8:F0} ms"));
        Console.WriteLine(string.Create(inv, $"DuckDB Parquet -> DealSet (WarehouseDeals.Load):      {dealSet,8:F0} ms"));
        Console.WriteLine(string.Create(inv, $"CSV -> DealSet (DealSet.FromCsv), for reference:       {fromCsv,8:F0} ms"));
    }
}

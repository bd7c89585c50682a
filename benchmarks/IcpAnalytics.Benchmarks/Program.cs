using System.Globalization;
using BenchmarkDotNet.Running;
using IcpAnalytics.Benchmarks;

// `generate-export COUNT PATH [SEED]` writes the realistic 20-column export that the whole-process benchmark
// (benchmarks/whole-process.sh) times; anything else goes to BenchmarkDotNet.
if (args is ["generate-export", string count, string path, ..])
{
    int seed = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1;
    RealisticExport.Write(path, int.Parse(count, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), seed);
    Console.WriteLine($"{path}: {new FileInfo(path).Length:N0} bytes");
    return;
}

// `aggregate-activities COUNT PATH` writes an activity log of COUNT rows for 100,000 generated deals (unless PATH exists) and
// aggregates it once, printing the counts and the time; run under /usr/bin/time -v for the peak memory.
if (args is ["aggregate-activities", string activities, string logPath, ..])
{
    IcpAnalytics.Data.DealSet deals = IcpAnalytics.Data.SampleDeals.Generate(new IcpAnalytics.Data.SampleDealsOptions { Count = 100_000, Seed = 1 });
    if (!File.Exists(logPath)) ActivityLogFile.Write(logPath, deals, long.Parse(activities, NumberStyles.AllowThousands, CultureInfo.InvariantCulture), seed: 1);
    var watch = System.Diagnostics.Stopwatch.StartNew();
    IcpAnalytics.Data.DealSet joined = deals.WithActivities(IcpAnalytics.Data.ActivityLog.FromCsv(logPath, null, new IcpAnalytics.Data.DealLoadOptions { Policy = IcpAnalytics.Data.BadDataPolicy.Lenient }));
    Console.WriteLine(joined.ActivityReport!.ToString().Split(Environment.NewLine)[0]);
    Console.WriteLine($"aggregated in {watch.Elapsed.TotalSeconds:F1} s; file {new FileInfo(logPath).Length:N0} bytes");
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

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

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

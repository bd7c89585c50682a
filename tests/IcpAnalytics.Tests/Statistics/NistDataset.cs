using System.Globalization;

namespace IcpAnalytics.Tests.Statistics;

/// <summary>A NIST StRD linear-regression dataset parsed from its .dat file: certified values and data, nothing retyped.</summary>
internal sealed class NistDataset
{
    public required string Name { get; init; }
    public required double[] Estimates { get; init; }
    public required double[] StandardDeviations { get; init; }
    public required double ResidualStandardDeviation { get; init; }
    public required double RSquared { get; init; }
    public required bool Intercept { get; init; }
    public required double[] Y { get; init; }
    /// <summary>Row-major predictors without the intercept column (polynomial powers expanded).</summary>
    public required double[] X { get; init; }
    public required int Columns { get; init; }

    public static NistDataset Load(string name)
    {
        string path = Path.Combine(AppContext.BaseDirectory, "Statistics", "Nist", name + ".dat");
        string[] lines = File.ReadAllLines(path);
        var parameters = new SortedDictionary<int, (double Estimate, double Sd)>();
        double rsd = double.NaN, r2 = double.NaN;
        int dataStart = -1;
        int predictorCount = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            string[] tokens = lines[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 0) continue;
            if (tokens.Length == 3 && tokens[0].Length >= 2 && tokens[0][0] == 'B' && int.TryParse(tokens[0][1..], NumberStyles.Integer, CultureInfo.InvariantCulture, out int k)
                && TryNumber(tokens[1], out double est) && TryNumber(tokens[2], out double sd))
                parameters[k] = (est, sd);
            else if (tokens[0] == "Standard" && tokens.Length == 3 && tokens[1] == "Deviation" && TryNumber(tokens[2], out double s))
                rsd = s;
            else if (tokens[0] == "R-Squared" && TryNumber(tokens[1], out double r))
                r2 = r;
            else if (tokens[0] == "Data:" && tokens.Length >= 3 && tokens[1] == "y")
            {
                dataStart = i + 1;
                predictorCount = tokens.Length - 2;
            }
        }
        if (dataStart < 0 || parameters.Count == 0 || double.IsNaN(rsd) || double.IsNaN(r2))
            throw new InvalidDataException($"{name}: could not find the certified values and data.");
        var ys = new List<double>();
        var xs = new List<double[]>();
        for (int i = dataStart; i < lines.Length; i++)
        {
            string[] tokens = lines[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (tokens.Length == 0) continue;
            ys.Add(Number(tokens[0]));
            xs.Add(tokens.Skip(1).Select(Number).ToArray());
        }
        bool intercept = parameters.ContainsKey(0);
        int slopes = parameters.Count - (intercept ? 1 : 0);
        bool polynomial = predictorCount == 1 && slopes > 1;
        int columns = polynomial ? slopes : predictorCount;
        var x = new double[ys.Count * columns];
        for (int i = 0; i < ys.Count; i++)
        {
            for (int j = 0; j < columns; j++)
                x[i * columns + j] = polynomial ? Math.Pow(xs[i][0], j + 1) : xs[i][j];
        }
        return new NistDataset
        {
            Name = name,
            Estimates = parameters.Values.Select(v => v.Estimate).ToArray(),
            StandardDeviations = parameters.Values.Select(v => v.Sd).ToArray(),
            ResidualStandardDeviation = rsd,
            RSquared = r2,
            Intercept = intercept,
            Y = ys.ToArray(),
            X = x,
            Columns = columns,
        };
    }

    private static bool TryNumber(string s, out double value) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    private static double Number(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>Log relative error: the number of correct significant digits of <paramref name="actual"/>.</summary>
    public static double Digits(double actual, double certified)
    {
        if (actual == certified) return 16;
        if (certified == 0) return -Math.Log10(Math.Abs(actual));
        return Math.Min(16, -Math.Log10(Math.Abs(actual - certified) / Math.Abs(certified)));
    }
}

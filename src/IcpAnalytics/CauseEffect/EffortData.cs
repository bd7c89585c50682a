using System.Globalization;
using IcpAnalytics.Data;

namespace IcpAnalytics.CauseEffect;

/// <summary>
/// The deals of an effort-effects fit gathered into compact columns, rows grouped by segment (segment s holds rows
/// <c>Start[s] … Start[s] + Count[s] − 1</c>), with rows that cannot enter the model already left out and counted.
/// </summary>
internal sealed class EffortData
{
    public required int Rows { get; init; }
    public required double[] Outcome { get; init; }
    /// <summary>Transformed efforts, [effort][row].</summary>
    public required double[][] Efforts { get; init; }
    /// <summary>Raw effort counts, [effort][row].</summary>
    public required double[][] RawEfforts { get; init; }
    public required double[][] NumericControls { get; init; }
    public required string[] NumericNames { get; init; }
    /// <summary>The controls as listed in the result: one name per term (a spline's columns under one name), then the categorical controls.</summary>
    public string[]? ControlNames { get; init; }
    /// <summary>The control term each numeric column belongs to (a spline's columns share one), or null when every column is its own term.</summary>
    public string[]? NumericTerms { get; init; }
    /// <summary>Categorical control codes, [control][row]; a missing value has code <c>CategoricalLevels[c] − 1</c>.</summary>
    public required int[][] CategoricalControls { get; init; }
    public required int[] CategoricalLevels { get; init; }
    public required string[] CategoricalNames { get; init; }
    /// <summary>The level names of each categorical control, by code (the last code is the missing value).</summary>
    public string[][]? CategoricalLevelNames { get; init; }
    public required int[]? Clusters { get; init; }
    public required int ClusterCount { get; init; }
    /// <summary>The rep of every row when standard errors are clustered two ways (account in <see cref="Clusters"/>, rep here); null otherwise.</summary>
    public int[]? SecondClusters { get; init; }
    /// <summary>The close day number of every row for Newey–West standard errors (<see cref="int.MaxValue"/> when missing); null otherwise.</summary>
    public int[]? CloseDays { get; init; }
    /// <summary>How the standard errors allow for dependent deals.</summary>
    public EffortCovariance Covariance { get; init; }
    public required double[]? Hours { get; init; }
    public required string[] SegmentNames { get; init; }
    public required int[] Start { get; init; }
    public required int[] Count { get; init; }
    public required string[] EffortNames { get; init; }
    public required List<string> LeftOut { get; init; }
    /// <summary>How controls were transformed (skewed money-like controls logged by default), as readable lines.</summary>
    public List<string> Notes { get; init; } = [];

    /// <summary>
    /// The scale a numeric control enters on. Auto logs a control whose values are all positive (log) or non-negative
    /// with zeros (log(1 + x)) and whose skewness exceeds <see cref="SkewnessToLog"/>: money-like columns such as revenue,
    /// whose effect on margin is usually proportional rather than additive.
    /// </summary>
    internal enum ControlScale { Auto, Linear, Log, Log1p }

    internal const double SkewnessToLog = 2;

    /// <summary>Applies the scale to a gathered control in place; returns the name it enters under and a note when it was chosen automatically.</summary>
    internal static (string Name, string? Note) Rescale(string name, double[] values, ControlScale scale)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        if (scale == ControlScale.Linear || values.Length < 3) return (name, null);
        double min = double.PositiveInfinity, mean = 0;
        foreach (double v in values) { min = Math.Min(min, v); mean += v; }
        mean /= values.Length;
        if (scale == ControlScale.Log && !(min > 0))
            throw new ModelFitException($"The control log({name}) needs positive values, but some deals have {name} of 0 or below. Use log1p({name}) in Controlling(...) for values from 0, or linear({name}).");
        if (scale == ControlScale.Log1p && !(min >= 0))
            throw new ModelFitException($"The control log1p({name}) needs values of 0 or more, but some deals have a negative {name}. Use linear({name}) in Controlling(...).");
        string? note = null;
        if (scale == ControlScale.Auto)
        {
            double m2 = 0, m3 = 0;
            foreach (double v in values) { double d = v - mean; m2 += d * d; m3 += d * d * d; }
            m2 /= values.Length; m3 /= values.Length;
            double skew = m2 > 0 ? m3 / Math.Pow(m2, 1.5) : 0;
            if (!(min >= 0) || !(skew > SkewnessToLog)) return (name, null);
            scale = min > 0 ? ControlScale.Log : ControlScale.Log1p;
            string entered = scale == ControlScale.Log ? $"log({name})" : $"log1p({name})";
            note = string.Create(inv, $"The control {name} enters as {entered}: its values are {(min > 0 ? "positive" : "non-negative")} and skewed (skewness {skew:0.0}), like money, whose effect is usually proportional; give linear({name}) in Controlling(...) to keep it linear.");
        }
        for (int i = 0; i < values.Length; i++) values[i] = scale == ControlScale.Log ? Math.Log(values[i]) : Math.Log(1 + values[i]);
        return (scale == ControlScale.Log ? $"log({name})" : $"log1p({name})", note);
    }

    internal static EffortData Gather(DealSet deals, string[] efforts, string[] numericControls, string[] categoricalControls,
        EffortSegmentation? segmentation, CategoricalColumn? segmentAttribute, EffortOutcome outcome, EffortTransform transform, EffortCovariance covariance,
        ControlTerm[]? terms = null, int maxDegreeOfParallelism = 0, NumericColumn? outcomeColumn = null)
    {
        int n = deals.Count;
        CultureInfo inv = CultureInfo.InvariantCulture;
        var leftOut = new List<string>();

        // Segment of each deal.
        var segment = new int[n];
        string[] segmentNames;
        if (segmentAttribute is not null)
        {
            int levelCount = segmentAttribute.Levels.Count;
            segmentAttribute.CopyCodesTo(segment);
            for (int i = 0; i < n; i++)
            {
                if (segment[i] < 0) segment[i] = levelCount;
            }
            segmentNames = [.. segmentAttribute.Levels, "(no " + segmentAttribute.Name + ")"];
        }
        else if (segmentation is not null)
        {
            int segmentCount = segmentation.SegmentNames.Count;
            for (int i = 0; i < n; i++)
            {
                int s = segmentation.SegmentOf(deals, i);
                if (s < -1 || s >= segmentCount)
                    throw new ArgumentException(string.Create(inv, $"Segmentation '{segmentation.Name}' gave segment {s} for the deal at position {i}; segments run from 0 to {segmentCount - 1}, or −1 to leave a deal out."));
                segment[i] = s;
            }
            segmentNames = [.. segmentation.SegmentNames];
        }
        else
        {
            segmentNames = ["All deals"];
        }

        // Outcome.
        var y = new double[n];
        NumericColumn amount = outcomeColumn ?? deals.YieldAmount;
        amount.CopyTo(y);
        int noValue = 0;
        var valid = new bool[n];
        int noSegment = 0, lost = 0, noMargin = 0;
        for (int i = 0; i < n; i++)
        {
            bool won = deals.IsWon(i);
            valid[i] = true;
            if (segment[i] < 0) { valid[i] = false; noSegment++; continue; }
            switch (outcome)
            {
                case EffortOutcome.Column:
                    if (double.IsNaN(y[i])) { valid[i] = false; noValue++; }
                    break;
                case EffortOutcome.WinProbability:
                    y[i] = won ? 1 : 0;
                    break;
                case EffortOutcome.MarginOnWonDeals:
                    if (!won) { valid[i] = false; lost++; }
                    else if (double.IsNaN(y[i])) { valid[i] = false; noMargin++; }
                    break;
                default:
                    if (!won) y[i] = 0;
                    else if (double.IsNaN(y[i])) { valid[i] = false; noMargin++; }
                    break;
            }
        }
        if (noSegment > 0) leftOut.Add(string.Create(inv, $"{noSegment:N0} deals in no segment"));
        if (lost > 0) leftOut.Add(string.Create(inv, $"{lost:N0} lost deals (the outcome is margin on won deals)"));
        if (noValue > 0) leftOut.Add(string.Create(inv, $"{noValue:N0} deals without a value of the outcome {amount.Name}"));
        if (noMargin > 0) leftOut.Add(string.Create(inv, $"{noMargin:N0} won deals without a {deals.YieldAmountName}"));

        int k = efforts.Length;
        var effortColumns = new NumericColumn[k];
        for (int j = 0; j < k; j++)
        {
            effortColumns[j] = deals.Effort(efforts[j]);
            int missing = CountMissing(effortColumns[j], valid);
            if (missing > 0) leftOut.Add(string.Create(inv, $"{missing:N0} deals without a {efforts[j]} count"));
        }
        var numericColumns = new NumericColumn[numericControls.Length];
        for (int c = 0; c < numericControls.Length; c++)
        {
            numericColumns[c] = deals.Numeric(numericControls[c]);
            int missing = CountMissing(numericColumns[c], valid);
            if (missing > 0) leftOut.Add(string.Create(inv, $"{missing:N0} deals without a value of the control {numericControls[c]}"));
        }

        // Group valid rows by segment (counting sort keeps deal order within a segment).
        int segments = segmentNames.Length;
        var count = new int[segments];
        for (int i = 0; i < n; i++)
        {
            if (valid[i]) count[segment[i]]++;
        }
        var start = new int[segments];
        int rows = 0;
        for (int s = 0; s < segments; s++) { start[s] = rows; rows += count[s]; }
        var order = new int[rows];
        var next = (int[])start.Clone();
        for (int i = 0; i < n; i++)
        {
            if (valid[i]) order[next[segment[i]]++] = i;
        }

        // Gather every column into segment order; columns are independent, so the cores share them.
        var raw = new double[k][];
        var transformed = new double[k][];
        var numeric = new double[numericControls.Length][];
        var categorical = new int[categoricalControls.Length][];
        var levels = new int[categoricalControls.Length];
        var categoricalColumns = new CategoricalColumn[categoricalControls.Length];
        for (int c = 0; c < categoricalColumns.Length; c++)
        {
            categoricalColumns[c] = deals.Categorical(categoricalControls[c]);
            levels[c] = categoricalColumns[c].Levels.Count + 1;
        }
        bool log1p = ReferenceEquals(transform, EffortTransform.Log1p);
        int tasks = k + numeric.Length + categorical.Length;
        var transformFailed = new bool[k];
        Parallel.For(0, tasks, Parallelism.Options(maxDegreeOfParallelism), task =>
        {
            if (task < k)
            {
                int j = task;
                double[] rj = Gather(effortColumns[j], order);
                var t = new double[rows];
                for (int r = 0; r < rows; r++)
                {
                    double v = log1p ? Math.Log(1 + rj[r]) : transform.Apply(rj[r]);
                    if (!double.IsFinite(v)) transformFailed[j] = true;
                    t[r] = v;
                }
                raw[j] = rj;
                transformed[j] = t;
            }
            else if (task < k + numeric.Length)
            {
                int c = task - k;
                numeric[c] = Gather(numericColumns[c], order);
            }
            else
            {
                int c = task - k - numeric.Length;
                CategoricalColumn column = categoricalColumns[c];
                int[] source = column.Codes;
                int[]? view = column.Rows;
                int missingCode = levels[c] - 1;
                var codes = new int[rows];
                for (int r = 0; r < rows; r++)
                {
                    int code = source[view is null ? order[r] : view[order[r]]];
                    codes[r] = code < 0 ? missingCode : code;
                }
                categorical[c] = codes;
            }
        });
        for (int j = 0; j < k; j++)
        {
            if (transformFailed[j])
                throw new ArgumentException($"The effort transform '{transform.Name}' gave a value that is not finite for a {efforts[j]} count; use a transform defined for every count in the data.");
        }
        var outcomeRows = Permute(y, order);
        var notes = new List<string>();
        var numericNames = new string[numericControls.Length];
        for (int c = 0; c < numericControls.Length; c++)
        {
            (numericNames[c], string? note) = Rescale(numericControls[c], numeric[c], terms is null ? ControlScale.Auto : terms[c].Scale);
            if (note is not null) notes.Add(note);
        }
        var categoricalNames = categoricalControls;
        var levelNames = categoricalColumns.Select(c => (string[])[.. c.Levels, "(missing)"]).ToList();
        string[] controlNames = [.. numericNames, .. categoricalControls];
        string[]? numericTerms = null;
        if (terms is not null && terms.Any(t => t.Form != ControlForm.Plain))
        {
            (numeric, numericNames, numericTerms, categorical, levels, categoricalNames, levelNames, controlNames) =
                Expand(terms, numeric, numericNames, categorical, levels, categoricalControls, levelNames, segmentation is not null || segmentAttribute is not null, notes);
        }

        CategoricalColumn? clusterColumn = covariance switch
        {
            EffortCovariance.ClusterByAccount or EffortCovariance.ClusterByAccountCr2 or EffortCovariance.TwoWayClusterByAccountAndRep => deals.Accounts,
            EffortCovariance.ClusterByRep or EffortCovariance.ClusterByRepCr2 => deals.Reps,
            _ => null,
        };
        int clusterCount = 0;
        int[]? clusters = clusterColumn is null ? null : ClusterCodes(clusterColumn, order, out clusterCount);
        int[]? secondClusters = covariance == EffortCovariance.TwoWayClusterByAccountAndRep ? ClusterCodes(deals.Reps, order, out _) : null;
        int[]? closeDays = covariance == EffortCovariance.NeweyWestByCloseDate ? CloseDayNumbers(deals, order) : null;

        double[]? hours = deals.EffortHours is null ? null : Gather(deals.EffortHours, order);

        return new EffortData
        {
            Rows = rows,
            Outcome = outcomeRows,
            Efforts = transformed,
            RawEfforts = raw,
            NumericControls = numeric,
            NumericNames = numericNames,
            ControlNames = controlNames,
            NumericTerms = numericTerms,
            Notes = notes,
            CategoricalControls = categorical,
            CategoricalLevels = levels,
            CategoricalNames = categoricalNames,
            CategoricalLevelNames = [.. levelNames],
            Clusters = clusters,
            ClusterCount = clusterCount,
            SecondClusters = secondClusters,
            CloseDays = closeDays,
            Covariance = covariance,
            Hours = hours,
            SegmentNames = segmentNames,
            Start = start,
            Count = count,
            EffortNames = efforts,
            LeftOut = leftOut,
        };
    }

    /// <summary>The cluster code of every gathered row (a missing value is one more cluster, coded after the levels).</summary>
    private static int[] ClusterCodes(CategoricalColumn column, int[] order, out int clusterCount)
    {
        var buffer = new int[column.Count];
        column.CopyCodesTo(buffer);
        int missingCode = column.Levels.Count;
        clusterCount = missingCode + 1;
        var clusters = new int[order.Length];
        for (int r = 0; r < order.Length; r++)
        {
            int code = buffer[order[r]];
            clusters[r] = code < 0 ? missingCode : code;
        }
        return clusters;
    }

    /// <summary>The close date of every gathered row as a day number, <see cref="int.MaxValue"/> when missing (such deals go last in time order).</summary>
    private static int[] CloseDayNumbers(DealSet deals, int[] order)
    {
        var days = new int[order.Length];
        for (int r = 0; r < order.Length; r++) days[r] = deals.ClosedOn(order[r]) is DateOnly date ? date.DayNumber : int.MaxValue;
        return days;
    }

    /// <summary>
    /// Turns the numeric control terms into model columns: plain terms stay one column, bands become a categorical control,
    /// a spline becomes its basis columns, by(x, attribute) becomes x times each level's indicator (the attribute itself
    /// enters as a categorical control), and by_segment(x) is x within each separately fitted segment.
    /// </summary>
    private static (double[][] Numeric, string[] NumericNames, string[] NumericTerms, int[][] Categorical, int[] Levels, string[] CategoricalNames, List<string[]> LevelNames, string[] ControlNames)
        Expand(ControlTerm[] terms, double[][] numeric, string[] numericNames, int[][] categorical, int[] levels, string[] categoricalNames, List<string[]> levelNames,
            bool segmented, List<string> notes)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        var outNumeric = new List<double[]>();
        var outNames = new List<string>();
        var outTerms = new List<string>();
        var outCategorical = new List<int[]>(categorical);
        var outLevels = new List<int>(levels);
        var outCategoricalNames = new List<string>(categoricalNames);
        var outLevelNames = new List<string[]>(levelNames);
        var termNames = new List<string>();
        for (int c = 0; c < terms.Length; c++)
        {
            ControlTerm term = terms[c];
            string display = term.Display(numericNames[c]);
            termNames.Add(display);
            switch (term.Form)
            {
                case ControlForm.Bands:
                    {
                        (int[] codes, int bands) = ControlTerm.Band(numeric[c], term.Parameter);
                        outCategorical.Add(codes);
                        outLevels.Add(bands + 1);
                        outCategoricalNames.Add(display);
                        outLevelNames.Add([.. Enumerable.Range(1, bands).Select(b => string.Create(inv, $"{term.Column} band {b} of {bands}")), "(missing)"]);
                        if (bands < term.Parameter)
                            notes.Add(string.Create(inv, $"The control {display} has {bands} bands, not {term.Parameter}: tied values of {term.Column} keep a band whole."));
                        break;
                    }
                case ControlForm.Spline:
                    {
                        double[][] basis = ControlTerm.SplineBasis(numeric[c], term.Parameter);
                        for (int b = 0; b < basis.Length; b++)
                        {
                            outNumeric.Add(basis[b]);
                            outNames.Add(string.Create(inv, $"{display}[{b + 1}]"));
                            outTerms.Add(display);
                        }
                        if (basis.Length < term.Parameter)
                            notes.Add(string.Create(inv, $"The control {display} has {basis.Length} degrees of freedom, not {term.Parameter}: {term.Column} has too few distinct values for more knots."));
                        break;
                    }
                case ControlForm.By:
                    {
                        int a = Array.FindIndex(categoricalNames, n => string.Equals(n, term.ByAttribute, StringComparison.OrdinalIgnoreCase));
                        int[] codes = categorical[a];
                        var used = new bool[levels[a]];
                        foreach (int code in codes) used[code] = true;
                        for (int l = 0; l < levels[a]; l++)
                        {
                            if (!used[l]) continue;
                            var column = new double[codes.Length];
                            for (int r = 0; r < codes.Length; r++) column[r] = codes[r] == l ? numeric[c][r] : 0;
                            outNumeric.Add(column);
                            outNames.Add($"{numericNames[c]} × {categoricalNames[a]} = {levelNames[a][l]}");
                            outTerms.Add(display);
                        }
                        break;
                    }
                case ControlForm.BySegment:
                    outNumeric.Add(numeric[c]);
                    outNames.Add(numericNames[c]);
                    outTerms.Add(display);
                    notes.Add(segmented
                        ? $"The control {display} enters as {numericNames[c]}: each segment is fitted on its own, so {numericNames[c]} already has its own slope in every segment."
                        : $"The control {display} enters as {numericNames[c]}: the deals are not segmented, so there is one slope; segment with PerAttribute(...) or Per(...) for a slope per segment.");
                    break;
                default:
                    outNumeric.Add(numeric[c]);
                    outNames.Add(numericNames[c]);
                    outTerms.Add(display);
                    break;
            }
        }
        // Bands are listed where they were given; the categorical controls keep their order after the numeric terms.
        return ([.. outNumeric], [.. outNames], [.. outTerms], [.. outCategorical], [.. outLevels], [.. outCategoricalNames], outLevelNames, [.. termNames, .. categoricalNames]);
    }

    private static int CountMissing(NumericColumn column, bool[] valid)
    {
        double[] data = column.Data;
        int[]? rows = column.Rows;
        int missing = 0;
        for (int i = 0; i < valid.Length; i++)
        {
            if (valid[i] && double.IsNaN(data[rows is null ? i : rows[i]])) { valid[i] = false; missing++; }
        }
        return missing;
    }

    private static double[] Gather(NumericColumn column, int[] order)
    {
        double[] data = column.Data;
        int[]? rows = column.Rows;
        var result = new double[order.Length];
        if (rows is null)
        {
            for (int r = 0; r < order.Length; r++) result[r] = data[order[r]];
        }
        else
        {
            for (int r = 0; r < order.Length; r++) result[r] = data[rows[order[r]]];
        }
        return result;
    }

    private static double[] Permute(double[] source, int[] order)
    {
        var result = new double[order.Length];
        for (int r = 0; r < order.Length; r++) result[r] = source[order[r]];
        return result;
    }
}

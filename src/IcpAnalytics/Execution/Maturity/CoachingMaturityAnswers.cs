using System.Globalization;
using IcpAnalytics.Data;

namespace IcpAnalytics.Execution.Maturity;

/// <summary>
/// Answers to the coaching-maturity questionnaire: for each <see cref="CoachingPractice"/>, answers on a 1–5 scale
/// (1 = not at all, 2 = occasionally, 3 = partly, 4 = mostly, 5 = fully and consistently) from one or more respondents,
/// averaged per practice. Load with <see cref="FromCsv(string, bool)"/> (columns respondent, question, answer) or build with <see cref="FromScores"/>. Immutable.
/// </summary>
public sealed class CoachingMaturityAnswers
{
    private readonly double[] _means;
    private readonly int[] _counts;

    private CoachingMaturityAnswers(double[] means, int[] counts, int respondents, LoadReport report)
    {
        _means = means;
        _counts = counts;
        Respondents = respondents;
        LoadReport = report;
    }

    /// <summary>The lowest answer on the scale.</summary>
    public const int ScaleMin = 1;

    /// <summary>The highest answer on the scale.</summary>
    public const int ScaleMax = 5;

    /// <summary>How many distinct respondents answered.</summary>
    public int Respondents { get; }

    /// <summary>Rows read, loaded and rejected.</summary>
    public LoadReport LoadReport { get; }

    /// <summary>Every practice in questionnaire order.</summary>
    public static IReadOnlyList<CoachingPractice> Practices { get; } = Enum.GetValues<CoachingPractice>();

    /// <summary>The mean answer for <paramref name="practice"/>, or null when nobody answered it.</summary>
    /// <param name="practice">The practice.</param>
    public double? Score(CoachingPractice practice) => _counts[(int)practice] == 0 ? null : _means[(int)practice];

    /// <summary>How many answers <paramref name="practice"/> received.</summary>
    /// <param name="practice">The practice.</param>
    public int AnswerCount(CoachingPractice practice) => _counts[(int)practice];

    /// <summary>The CSV key of a practice, e.g. "process_defined".</summary>
    /// <param name="practice">The practice.</param>
    public static string Key(CoachingPractice practice) => practice switch
    {
        CoachingPractice.ProcessDefined => "process_defined",
        CoachingPractice.CoachesDeveloped => "coaches_developed",
        CoachingPractice.CoachingMonitored => "coaching_monitored",
        CoachingPractice.ConnectedToEnablement => "connected_to_enablement",
        CoachingPractice.CoachingAreas => "coaching_areas",
        CoachingPractice.CoachingTechnology => "coaching_technology",
        _ => "managers_measured_and_paid",
    };

    /// <summary>The question a practice stands for, in words.</summary>
    /// <param name="practice">The practice.</param>
    public static string Question(CoachingPractice practice) => practice switch
    {
        CoachingPractice.ProcessDefined => "Our sales-coaching process is defined and written down",
        CoachingPractice.CoachesDeveloped => "Managers are trained and developed as coaches",
        CoachingPractice.CoachingMonitored => "Coaching is monitored and its effect measured",
        CoachingPractice.ConnectedToEnablement => "Coaching is connected to sales enablement",
        CoachingPractice.CoachingAreas => "Coaching covers leads and opportunities, skills and behaviours, the funnel, accounts and territories",
        CoachingPractice.CoachingTechnology => "Managers coach with tools (call recordings, deal and funnel analytics)",
        _ => "Managers are measured and paid on their coaching",
    };

    /// <summary>Answers given directly as one score per practice (e.g. a consensus of the leadership team).</summary>
    /// <param name="scores">A score from 1 to 5 for each practice answered; practices left out count as unanswered.</param>
    /// <exception cref="ArgumentOutOfRangeException">A score is outside 1–5.</exception>
    public static CoachingMaturityAnswers FromScores(IReadOnlyDictionary<CoachingPractice, double> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        var means = new double[Practices.Count];
        var counts = new int[Practices.Count];
        foreach ((CoachingPractice p, double s) in scores)
        {
            if (!(s >= ScaleMin && s <= ScaleMax))
                throw new ArgumentOutOfRangeException(nameof(scores), s, $"The score for '{Key(p)}' must lie between {ScaleMin} and {ScaleMax}.");
            means[(int)p] = s;
            counts[(int)p] = 1;
        }
        return new CoachingMaturityAnswers(means, counts, 1, LoadReport.Clean("scores in memory", scores.Count));
    }

    /// <summary>Loads answers from a CSV file with columns respondent (optional), question (a practice key such as process_defined) and answer (1–5).</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="strict">Whether a bad row stops the load (<see cref="DealDataException"/>) instead of being rejected and reported. The default is false.</param>
    public static CoachingMaturityAnswers FromCsv(string path, bool strict = false) => FromSheet(CsvSheet.Read(path, "maturity answers"), strict);

    /// <summary>Loads answers from CSV text (see <see cref="FromCsv(string, bool)"/>).</summary>
    /// <param name="reader">The CSV text.</param>
    /// <param name="strict">Whether a bad row stops the load. The default is false.</param>
    /// <param name="source">A name for the source in messages.</param>
    public static CoachingMaturityAnswers FromCsv(TextReader reader, bool strict = false, string source = "maturity CSV") =>
        FromSheet(CsvSheet.Read(reader, source, "maturity answers"), strict);

    internal static CoachingPractice? ParsePractice(string text)
    {
        string t = new([.. text.Where(char.IsLetter)]);
        foreach (CoachingPractice p in Practices)
        {
            if (string.Equals(t, p.ToString(), StringComparison.OrdinalIgnoreCase) || string.Equals(t, Key(p).Replace("_", "", StringComparison.Ordinal), StringComparison.OrdinalIgnoreCase))
                return p;
        }
        return null;
    }

    private static CoachingMaturityAnswers FromSheet(CsvSheet sheet, bool strict)
    {
        int[] req = sheet.Require("maturity answers", "question", "answer");
        int resp = sheet.Find("respondent");
        var sums = new double[Practices.Count];
        var counts = new int[Practices.Count];
        var respondents = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var rejected = new List<RejectedRow>();
        long loaded = 0;
        string keys = string.Join(", ", Practices.Select(Key));
        foreach (CsvSheetRow row in sheet.Rows)
        {
            RejectedRow? bad = row.Malformed;
            if (bad is not null) { rejected.Add(bad); continue; }
            string? q = row.Cells[req[0]], a = row.Cells[req[1]];
            CoachingPractice? practice = q is null ? null : ParsePractice(q);
            if (practice is null) { rejected.Add(new RejectedRow(row.Line, "question", q, q is null ? "The question is missing." : "The question is not one of the questionnaire's practices.", $"Use one of: {keys}.")); continue; }
            if (a is null) { rejected.Add(new RejectedRow(row.Line, "answer", a, "The answer is missing.", "Answer from 1 (not at all) to 5 (fully and consistently), or remove the row.")); continue; }
            if (!double.TryParse(a, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || v < ScaleMin || v > ScaleMax)
            {
                rejected.Add(new RejectedRow(row.Line, "answer", a, "The answer is not a number from 1 to 5.", "Answer from 1 (not at all) to 5 (fully and consistently)."));
                continue;
            }
            sums[(int)practice.Value] += v;
            counts[(int)practice.Value]++;
            respondents.Add(resp < 0 ? "" : row.Cells[resp] ?? "");
            loaded++;
        }
        LoadReport report = ExecutionDataErrors.Report("maturity answers", sheet.Source, sheet.Rows.Count, loaded, rejected, [], strict);
        for (int i = 0; i < sums.Length; i++) sums[i] = counts[i] == 0 ? 0 : sums[i] / counts[i];
        return new CoachingMaturityAnswers(sums, counts, respondents.Count, report);
    }

    /// <summary>The mean answer per practice.</summary>
    public override string ToString() =>
        string.Join(Environment.NewLine, Practices.Select(p => string.Create(CultureInfo.InvariantCulture,
            $"{Key(p)}: {(Score(p) is double s ? s.ToString("0.0#", CultureInfo.InvariantCulture) : "unanswered")} ({AnswerCount(p)} answers)")));
}

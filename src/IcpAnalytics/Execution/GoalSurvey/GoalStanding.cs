using System.Globalization;

namespace IcpAnalytics.Execution.GoalSurvey;

/// <summary>Where one goal stands in the survey: how many executives ranked it, its mean rank and spread, and its place in the consensus order.</summary>
/// <param name="Goal">The goal's label.</param>
/// <param name="RankedBy">How many executives ranked it.</param>
/// <param name="Executives">How many executives answered the survey.</param>
/// <param name="MeanRank">The mean of the ranks given by those who ranked it (scored 1 … k per executive, mid-ranks for ties), or null when nobody ranked it.</param>
/// <param name="StandardDeviation">The sample standard deviation of those ranks, or null when fewer than 2 executives ranked it.</param>
/// <param name="Median">The median of those ranks, or null when nobody ranked it.</param>
/// <param name="InterquartileRange">Q3 − Q1 of those ranks (linear interpolation, R type 7), or null when fewer than 2 ranked it.</param>
/// <param name="MeanRankAllExecutives">The mean rank over every executive, an executive who did not rank the goal counting it at the mean of the positions they left unranked (the rank Kendall's W uses).</param>
/// <param name="SpreadAllExecutives">The standard deviation of those all-executive ranks: the disagreement, including leaving the goal off a list.</param>
/// <param name="ConsensusPosition">The goal's place in the consensus order (1 = first), by <paramref name="MeanRankAllExecutives"/>.</param>
public sealed record GoalStanding(string Goal, int RankedBy, int Executives, double? MeanRank, double? StandardDeviation, double? Median, double? InterquartileRange,
    double MeanRankAllExecutives, double SpreadAllExecutives, int ConsensusPosition)
{
    /// <summary>One line: position, goal, mean rank, spread and coverage.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"{ConsensusPosition,2}. {Goal}: mean rank {(MeanRank is null ? "—" : MeanRank.Value.ToString("0.0#", CultureInfo.InvariantCulture))} (SD {(StandardDeviation is null ? "—" : StandardDeviation.Value.ToString("0.0#", CultureInfo.InvariantCulture))}), ranked by {RankedBy} of {Executives}; all-executive mean {MeanRankAllExecutives:0.0#}");
}

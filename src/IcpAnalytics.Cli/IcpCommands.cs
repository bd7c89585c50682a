using System.CommandLine;

namespace IcpAnalytics.Cli;

/// <summary>The subcommands of <c>icp</c>, one per file; add a new command here.</summary>
internal static class IcpCommands
{
    /// <summary>Every subcommand, in the order <c>--help</c> lists them.</summary>
    public static IEnumerable<Command> All()
    {
        yield return ReportCommand.Create();
        yield return InspectCommand.Create();
        yield return FunnelCommand.Create();
        yield return SurveyCommand.Create();
        yield return CoachingCommand.Create();
        yield return MaturityCommand.Create();
        yield return RepsCommand.Create();
        yield return LossesCommand.Create();
        yield return EffectsCommand.Create();
    }
}

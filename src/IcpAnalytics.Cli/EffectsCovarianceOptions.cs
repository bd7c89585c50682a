using System.CommandLine;
using System.Globalization;
using IcpAnalytics.CauseEffect;

namespace IcpAnalytics.Cli;

/// <summary>The <c>--covariance</c> and <c>--hac-lag</c> options of <c>icp effects</c> and <c>icp report</c>: which standard errors the effort effects use.</summary>
internal static class EffectsCovarianceOptions
{
    private static readonly string[] Choices = ["hc3", "classical", "cluster", "cr2", "two-way", "newey-west"];

    public static Option<string?> Covariance()
    {
        var option = new Option<string?>("--covariance")
        {
            Description = "The standard errors of the effort effects: hc3 (robust, the default), classical, cluster (CR1, by the --cluster dimension), "
                + "cr2 (Bell–McCaffrey with Satterthwaite degrees of freedom, for a few dozen clusters; by --cluster, default rep), "
                + "two-way (clustered by account and by rep) or newey-west (deals in close-date order; lag with --hac-lag). Example: --covariance cr2 --cluster rep",
            HelpName = "type",
        };
        option.AcceptOnlyFromAmong(Choices);
        return option;
    }

    /// <summary>The clustering dimension for <c>icp report</c> (<c>icp effects</c> has its own <c>--cluster</c>, which also groups double-ML folds).</summary>
    public static Option<string?> Cluster()
    {
        var option = new Option<string?>("--cluster")
        {
            Description = "Cluster the effort effects' standard errors by account or rep (CR1, or CR2 with --covariance cr2). Default: none. Example: --cluster rep",
            HelpName = "account|rep",
        };
        option.AcceptOnlyFromAmong("none", "account", "rep");
        return option;
    }

    public static Option<int?> NeweyWestLag() => new("--hac-lag")
    {
        Description = "With --covariance newey-west: the largest lag, in deals of close-date order. Default: ⌊4(n/100)^(2/9)⌋ per segment. Example: --covariance newey-west --hac-lag 6",
        HelpName = "deals",
    };

    /// <summary>The effort covariance from <c>--covariance</c> and <c>--cluster</c> (none, account or rep), or why they do not fit together.</summary>
    public static bool TryResolve(string? covariance, string? cluster, out EffortCovariance result, out string? problem)
    {
        problem = null;
        string dimension = cluster ?? "none";
        result = (covariance ?? (dimension == "none" ? "hc3" : "cluster")) switch
        {
            "classical" => EffortCovariance.Classical,
            "cluster" when dimension == "account" => EffortCovariance.ClusterByAccount,
            "cluster" when dimension == "rep" => EffortCovariance.ClusterByRep,
            "cr2" => dimension == "account" ? EffortCovariance.ClusterByAccountCr2 : EffortCovariance.ClusterByRepCr2,
            "two-way" => EffortCovariance.TwoWayClusterByAccountAndRep,
            "newey-west" => EffortCovariance.NeweyWestByCloseDate,
            _ => EffortCovariance.Robust,
        };
        if (covariance == "cluster" && dimension == "none")
            problem = "--covariance cluster needs --cluster account or --cluster rep.";
        else if (covariance is "hc3" or "classical" or "two-way" or "newey-west" && dimension != "none")
            problem = string.Create(CultureInfo.InvariantCulture, $"--covariance {covariance} does not cluster by one dimension; drop --cluster {dimension} (or use --covariance cluster or cr2 with it).");
        return problem is null;
    }
}

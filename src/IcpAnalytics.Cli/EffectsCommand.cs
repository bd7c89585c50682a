using System.CommandLine;
using System.Globalization;
using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;

namespace IcpAnalytics.Cli;

/// <summary><c>icp effects [file]</c>: what one more meeting, demo or hour returns in margin, per segment, with honesty checks and an allocation.</summary>
internal static class EffectsCommand
{
    private const int InvalidOptions = ExitCodes.InvalidCommandLine;
    private const int NotLoaded = ExitCodes.NotLoaded;

    public static Command Create()
    {
        var source = new DealSourceOptions();
        var of = new Option<string[]>("--of")
        {
            Description = "The efforts whose effects to estimate. Default: every effort count in the data. Example: --of meetings demos",
            AllowMultipleArgumentsPerToken = true,
            HelpName = "effort",
        };
        var control = new Option<string[]>("--control")
        {
            Description = "Confounders to control, categorical or numeric. Default: revenue, rep and every account attribute. Example: --control revenue rep region employees",
            AllowMultipleArgumentsPerToken = true,
            HelpName = "column",
        };
        var per = new Option<string?>("--per") { Description = "A categorical attribute to estimate effects per level of. Default: the first categorical attribute. Use --per none for one segment. Example: --per industry", HelpName = "attribute" };
        var outcome = new Option<string>("--outcome")
        {
            Description = "margin-per-opportunity (margin if won, 0 if lost), margin-on-won, win-probability, or any numeric column of the deals "
                + "(cycle days, discount, revenue, an attribute; figures are then in that column's units). Default: margin-per-opportunity. Example: --outcome cycle_days",
            DefaultValueFactory = _ => "margin-per-opportunity",
            HelpName = "outcome",
        };
        var transform = new Option<string>("--transform") { Description = "log1p (diminishing returns) or linear. Default: log1p.", DefaultValueFactory = _ => "log1p" };
        transform.AcceptOnlyFromAmong("log1p", "linear");
        var estimator = new Option<string>("--estimator") { Description = "regression (HC3) or dml (double ML, cross-fitted). Default: regression.", DefaultValueFactory = _ => "regression" };
        estimator.AcceptOnlyFromAmong("regression", "dml");
        var cluster = new Option<string>("--cluster") { Description = "Cluster standard errors (and double-ML folds) by account or rep. Default: none.", DefaultValueFactory = _ => "none" };
        cluster.AcceptOnlyFromAmong("none", "account", "rep");
        Option<string?> covarianceOption = EffectsCovarianceOptions.Covariance();
        Option<int?> hacLag = EffectsCovarianceOptions.NeweyWestLag();
        var learner = new Option<string>("--learner") { Description = "Double-ML nuisance learner: trees (boosted trees with a linear start) or ridge. Default: trees.", DefaultValueFactory = _ => "trees" };
        learner.AcceptOnlyFromAmong("trees", "ridge");
        var folds = new Option<int>("--folds") { Description = "Double-ML cross-fitting folds. Default: 5.", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "The seed of every random step. Default: 20261126.", DefaultValueFactory = _ => EffortEffectsOptions.DefaultSeed };
        var allocate = new Option<bool>("--allocate") { Description = "Also spread today's effort hours across segments where the fitted curves say they return most (--budget to give another total)." };
        var budget = new Option<double?>("--budget") { Description = "The effort-hours budget to allocate. Default: today's hours. Example: --budget 150000", HelpName = "hours" };
        Option<string?> format = OutputFormats.Option("effects", ["text", "json"], "text", "text or json (the fitted effects and allocation as data).");
        Option<string?> output = OutOption.Create("effects.json");

        var command = new Command("effects",
            "Estimate what one more unit of each effort (meeting, demo …) returns in margin per segment, with confounders controlled, intervals, "
            + "partially pooled estimates, the naive estimate beside the adjusted one, and honesty checks that end in a verdict.\n"
            + "Exit codes: 0 done; 1 invalid command line; 2 the deals could not be loaded; 3 done, but some rows were rejected; 4 could not write --out; 5 the model could not be fitted.\n"
            + "Examples:\n  icp effects                                  (embedded sample)\n"
            + "  icp effects deals.csv --of meetings demos --control revenue rep region --per industry --allocate\n"
            + "  icp effects deals.csv --estimator dml --cluster account --format json\n"
            + "  icp effects deals.csv --covariance cr2 --cluster rep        (few reps: CR2 with Satterthwaite degrees of freedom)");
        source.AddTo(command);
        foreach (Option o in (Option[])[of, control, per, outcome, transform, estimator, cluster, covarianceOption, hacLag, learner, folds, seed, allocate, budget, format, output]) command.Options.Add(o);

        command.SetAction(parse =>
        {
            TextWriter stderr = parse.InvocationConfiguration.Error;
            string? outPath = parse.GetValue(output);
            if (!OutOption.Check(parse, outPath, stderr, "effects")) return InvalidOptions;
            if (source.RejectsPathProblem(parse) is string rejectsIsInput)
            {
                stderr.WriteLine("error: " + rejectsIsInput);
                return InvalidOptions;
            }
            if (!source.TryLoad(parse, out DealSet deals)) return NotLoaded;
            try
            {
                string[] efforts = parse.GetValue(of) is { Length: > 0 } given ? given : [.. deals.Efforts.Select(e => e.Name)];
                string[] controls = parse.GetValue(control) is { Length: > 0 } c ? c
                    : [.. new[] { deals.HasRevenue ? deals.Revenue.Name : null, deals.Reps.Name }.Concat(deals.CategoricalAttributes.Select(a => a.Name)).Concat(deals.NumericAttributes.Select(a => a.Name))
                        .OfType<string>().Where(n => !string.Equals(n, parse.GetValue(outcome), StringComparison.OrdinalIgnoreCase))];
                string? segmentAttribute = parse.GetValue(per) ?? deals.CategoricalAttributes.FirstOrDefault()?.Name;
                if (!EffectsCovarianceOptions.TryResolve(parse.GetValue(covarianceOption), parse.GetValue(cluster), out EffortCovariance covariance, out string? covarianceProblem))
                    return Fail(stderr, covarianceProblem!);
                Estimator chosen = parse.GetValue(estimator) == "dml"
                    ? Estimator.DoubleMl(parse.GetValue(folds), parse.GetValue(learner) == "ridge" ? NuisanceLearners.Ridge() : NuisanceLearners.BoostedTrees(), covariance)
                    : Estimator.Regression(covariance);
                string outcomeGiven = parse.GetValue(outcome) ?? "margin-per-opportunity";
                EffortEffectsBuilder builder = deals.EffortEffects().Of(efforts).Controlling(controls);
                builder = outcomeGiven switch
                {
                    "margin-per-opportunity" => builder.Outcome(EffortOutcome.MarginPerOpportunity),
                    "margin-on-won" => builder.Outcome(EffortOutcome.MarginOnWonDeals),
                    "win-probability" => builder.Outcome(EffortOutcome.WinProbability),
                    _ => builder.OutcomeColumn(outcomeGiven),
                };
                builder = builder
                    .Transform(parse.GetValue(transform) == "linear" ? EffortTransform.Linear : EffortTransform.Log1p)
                    .Using(chosen)
                    .Seed(parse.GetValue(seed));
                if (parse.GetValue(hacLag) is int lag) builder = builder.Configure(o => o with { NeweyWestLag = lag });
                if (segmentAttribute is not null && !string.Equals(segmentAttribute, "none", StringComparison.OrdinalIgnoreCase)) builder = builder.PerAttribute(segmentAttribute);
                EffortEffects effects = builder.Build();
                EffortAllocation? plan = null;
                if (parse.GetValue(allocate) || parse.GetValue(budget) is not null)
                {
                    var options = new AllocationOptions { Seed = parse.GetValue(seed) };
                    plan = effects.Allocate(parse.GetValue(budget) ?? effects.TodaysSpend(EffortBudgetUnit.Hours, options), EffortBudgetUnit.Hours, options);
                }
                bool showValues = parse.GetValue(source.ShowValues);
                try
                {
                    new CliOutput(parse).WriteResult(outPath, writer =>
                    {
                        if (parse.GetValue(format) == "json")
                        {
                            writer.WriteLine(plan is null ? CliJson.Serialize(effects, showValues) : CliJson.Serialize(new EffectsDocument(effects, plan), showValues));
                            return;
                        }
                        writer.WriteLine(effects.ToString());
                        if (plan is not null)
                        {
                            writer.WriteLine();
                            writer.WriteLine(plan.ToString());
                        }
                    });
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    stderr.WriteLine($"error: could not write {outPath}: {e.Message} Any previous file there is intact.");
                    return ExitCodes.NotWritten;
                }
                return deals.LoadReport.RowsRejected > 0 ? ExitCodes.RowsRejected : ExitCodes.Ok;
            }
            catch (InvalidOptionsException ex)
            {
                return Fail(stderr, ex.Message);
            }
            catch (ModelFitException ex)
            {
                stderr.WriteLine("error: " + ex.Message);
                return ExitCodes.AnalysisFailed;
            }
            catch (ArgumentException ex)
            {
                return Fail(stderr, ex.Message);
            }
        });
        return command;
    }

    private static int Fail(TextWriter stderr, string message)
    {
        stderr.WriteLine("error: " + message);
        stderr.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Run 'icp effects --help' for the options and examples."));
        return InvalidOptions;
    }
}

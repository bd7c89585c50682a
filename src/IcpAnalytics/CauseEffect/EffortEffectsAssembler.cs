using System.Globalization;
using IcpAnalytics.Data;
using IcpAnalytics.Statistics;

namespace IcpAnalytics.CauseEffect;

/// <summary>Turns the raw segment fits into the public result: intervals, shrinkage, marginal figures, checks, overall effect.</summary>
internal static class EffortEffectsAssembler
{
    internal const string OverallName = "All segments";

    internal static EffortEffects Assemble(DealSet deals, EffortData data, SegmentFit[] fits, EffortEffectsOptions options, Estimator estimator,
        EffortOutcome outcome, EffortTransform transform, string? segmentedBy, string[] controls)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        int k = data.Efforts.Length;
        double level = options.ConfidenceLevel;
        EffortHours[] hours = HoursPerUnit(deals, data, options);
        var warnings = new List<string>();

        // Which segments to report: every segment, except an empty "(no attribute)" segment.
        var reported = new List<int>();
        for (int s = 0; s < fits.Length; s++)
        {
            bool emptyMissing = segmentedBy is not null && s == fits.Length - 1 && data.Count[s] == 0 && data.SegmentNames[s].StartsWith("(no ", StringComparison.Ordinal);
            if (!emptyMissing) reported.Add(s);
        }
        var estimable = reported.Where(s => fits[s].Estimable).ToList();

        // Partial pooling per effort across estimable segments.
        var shrunk = new double[fits.Length, k];
        var shrunkSe = new double[fits.Length, k];
        var factor = new double[fits.Length, k];
        for (int j = 0; j < k; j++)
        {
            var est = new List<double>();
            var vars = new List<double>();
            foreach (int s in estimable)
            {
                est.Add(fits[s].Estimate[j]);
                vars.Add(Math.Max(fits[s].Covariance[j * k + j], 1e-300));
            }
            if (estimable.Count >= 2)
            {
                ShrinkageResult r = Shrinkage.DerSimonianLaird([.. est], [.. vars]);
                for (int t = 0; t < estimable.Count; t++)
                {
                    int s = estimable[t];
                    shrunk[s, j] = r.Shrunk[t];
                    shrunkSe[s, j] = Math.Sqrt(r.ShrunkVariances[t]);
                    factor[s, j] = r.ShrinkageFactors[t];
                }
            }
            else
            {
                foreach (int s in estimable)
                {
                    shrunk[s, j] = fits[s].Estimate[j];
                    shrunkSe[s, j] = Math.Sqrt(fits[s].Covariance[j * k + j]);
                }
            }
        }

        var segments = new List<SegmentEffects>();
        var meanEffort = new double[fits.Length, k];
        foreach (int s in reported)
        {
            SegmentFit fit = fits[s];
            string name = data.SegmentNames[s];
            if (!fit.Estimable)
            {
                segments.Add(new SegmentEffects
                {
                    Segment = name, Deals = fit.Deals, Parameters = 0, IsEstimable = false, NotEstimableReason = fit.Reason,
                    Effects = [], EffectCovariance = [], Checks = [],
                });
                warnings.Add($"Segment '{name}' is not estimable: {fit.Reason}.");
                if (fit.CollinearityWarning is string notEstimableCollinear) warnings.Add(SegmentWarning(name, notEstimableCollinear));
                continue;
            }
            if (fit.CollinearityWarning is string collinear) warnings.Add(SegmentWarning(name, collinear));
            var effects = new List<EffortEffect>();
            List<ConfoundingBenchmarks.Control>? benchmarks = ConfoundingBenchmarks.Of(data, s);
            for (int j = 0; j < k; j++)
            {
                (double mean, double high) = MeanAndHigh(data.RawEfforts[j], data.Start[s], data.Count[s]);
                meanEffort[s, j] = mean;
                effects.Add(MakeEffect(data.EffortNames[j], name, fit.Deals, fit.Estimate[j], Math.Sqrt(Math.Max(0, fit.Covariance[j * k + j])), fit.EffortDegreesOfFreedom?[j] ?? fit.DegreesOfFreedom,
                    level, shrunk[s, j], shrunkSe[s, j], factor[s, j], fit.NaiveEstimate[j], fit.NaiveStandardError[j], mean, high, transform, hours[j].Hours,
                    sensitivityDf: fit.EffortDegreesOfFreedom is null ? null : fit.DegreesOfFreedom) with
                {
                    EffectOnTreated = fit.TreatedEstimate is null ? null : Treated(fit.TreatedEstimate[j], fit.TreatedStandardError![j], fit.DegreesOfFreedom, level, fit.TreatedDeals![j]),
                    Overlap = fit.Overlap?[j],
                });
                if (benchmarks is not null && effects[^1].Sensitivity is ConfoundingSensitivityResult sensitivity)
                {
                    EffortEffect e = effects[^1];
                    double df = double.IsFinite(fit.DegreesOfFreedom) ? fit.DegreesOfFreedom : Math.Max(2, fit.Deals - 1);
                    effects[^1] = e with { Sensitivity = ConfoundingBenchmarks.WithStrongest(sensitivity, benchmarks, j, e.Effort, e.Estimate, e.StandardError, df, level) };
                }
            }
            segments.Add(new SegmentEffects
            {
                Segment = name,
                Deals = fit.Deals,
                Parameters = fit.Parameters,
                IsEstimable = true,
                Effects = effects,
                EffectCovariance = [.. fit.Covariance],
                Checks = SegmentChecks(name, fit, data.EffortNames, options, level, estimator.Kind),
            });
        }

        SegmentEffects overall = Overall(data, fits, estimable, segments, options, level, transform, hours, estimator.Kind);
        warnings.AddRange(data.Notes);
        if (estimable.Count == 0) warnings.Add("No segment is estimable; see each segment's reason.");
        if (deals.YieldFallsBackToRevenue && outcome is EffortOutcome.MarginPerOpportunity or EffortOutcome.MarginOnWonDeals)
            warnings.Add("The deals have no gross margin, so the outcome uses revenue.");
        if (!transform.IsConcave) warnings.Add($"The '{transform.Name}' transform has no diminishing returns: allocation will put effort where the effect per hour is highest, up to the effort the data has seen.");

        return new EffortEffects
        {
            Efforts = [.. data.EffortNames],
            Controls = controls,
            Outcome = outcome,
            OutcomeName = EffortEffects.OutcomeText(outcome),
            OutcomeIsMoney = outcome is EffortOutcome.MarginPerOpportunity or EffortOutcome.MarginOnWonDeals,
            Transform = transform.Name,
            Estimator = estimator.ToString(),
            SegmentedBy = segmentedBy,
            ConfidenceLevel = level,
            Seed = options.Seed,
            Deals = data.Rows,
            LeftOut = [.. data.LeftOut],
            Segments = segments,
            Overall = overall,
            HoursPerUnit = hours,
            Warnings = warnings,
            TransformFunction = transform,
        };
    }

    /// <summary>A segment's warning as a sentence of the result: "Segment 'name': the design …".</summary>
    private static string SegmentWarning(string segment, string warning) => $"Segment '{segment}': {char.ToLowerInvariant(warning[0])}{warning[1..]}";

    private static SegmentEffects Overall(EffortData data, SegmentFit[] fits, List<int> estimable, List<SegmentEffects> segments, EffortEffectsOptions options,
        double level, EffortTransform transform, EffortHours[] hours, EffortEstimatorKind kind)
    {
        int k = data.Efforts.Length;
        if (estimable.Count == 0)
        {
            return new SegmentEffects
            {
                Segment = OverallName, Deals = 0, Parameters = 0, IsEstimable = false, NotEstimableReason = "no segment is estimable",
                Effects = [], EffectCovariance = [], Checks = [],
            };
        }
        if (fits.Length == 1 && estimable.Count == 1)
        {
            SegmentEffects only = segments[0];
            return only with { Segment = data.SegmentNames[0] };
        }
        int total = 0;
        foreach (int s in estimable) total += fits[s].Deals;
        var estimate = new double[k];
        var covariance = new double[k * k];
        var naive = new double[k];
        var naiveVar = new double[k];
        var marginal = new double[k];
        var marginalVar = new double[k];
        bool placebo = true, cause = true, halves = true;
        var placeboEst = new double[k];
        var placeboVar = new double[k];
        var causeEst = new double[k];
        var halfA = new double[k];
        var halfB = new double[k];
        var share = new double[k];
        foreach (int s in estimable)
        {
            SegmentFit f = fits[s];
            double w = (double)f.Deals / total;
            placebo &= f.PlaceboEstimate is not null;
            cause &= f.RandomCauseEstimate is not null;
            halves &= f.HalfA is not null;
            for (int j = 0; j < k; j++)
            {
                estimate[j] += w * f.Estimate[j];
                for (int l = 0; l < k; l++) covariance[j * k + l] += w * w * f.Covariance[j * k + l];
                naive[j] += w * f.NaiveEstimate[j];
                naiveVar[j] += w * w * f.NaiveStandardError[j] * f.NaiveStandardError[j];
                double slope = transform.Derivative(SegmentMean(data.RawEfforts[j], data.Start[s], data.Count[s]));
                marginal[j] += w * f.Estimate[j] * slope;
                marginalVar[j] += w * w * slope * slope * f.Covariance[j * k + j];
                share[j] += w * f.VariationShare[j];
                if (f.PlaceboEstimate is not null)
                {
                    placeboEst[j] += w * f.PlaceboEstimate[j];
                    placeboVar[j] += w * w * f.PlaceboStandardError![j] * f.PlaceboStandardError[j];
                }
                if (f.RandomCauseEstimate is not null) causeEst[j] += w * f.RandomCauseEstimate[j];
                if (f.HalfA is not null)
                {
                    halfA[j] += w * f.HalfA[j];
                    halfB[j] += w * f.HalfB![j];
                }
            }
        }
        bool treatedEffects = estimable.All(s => fits[s].TreatedEstimate is not null);
        var att = new double[k];
        var attVar = new double[k];
        var attDeals = new int[k];
        if (treatedEffects)
        {
            // The effect on the treated pools by deals with the effort, not by all deals.
            for (int j = 0; j < k; j++)
            {
                foreach (int s in estimable) attDeals[j] += fits[s].TreatedDeals![j];
                foreach (int s in estimable)
                {
                    double w = attDeals[j] > 0 ? (double)fits[s].TreatedDeals![j] / attDeals[j] : 0;
                    att[j] += w * fits[s].TreatedEstimate![j];
                    attVar[j] += w * w * fits[s].TreatedStandardError![j] * fits[s].TreatedStandardError![j];
                }
            }
        }
        var effects = new List<EffortEffect>();
        var allRows = new List<(int Start, int Count)>();
        foreach (int s in estimable) allRows.Add((data.Start[s], data.Count[s]));
        for (int j = 0; j < k; j++)
        {
            (double mean, double high) = MeanAndHigh(data.RawEfforts[j], allRows);
            double se = Math.Sqrt(covariance[j * k + j]);
            EffortEffect e = MakeEffect(data.EffortNames[j], OverallName, total, estimate[j], se, double.PositiveInfinity, level,
                estimate[j], se, 0, naive[j], Math.Sqrt(naiveVar[j]), mean, high, transform, hours[j].Hours);
            double z = Critical(level, double.PositiveInfinity);
            double mse = Math.Sqrt(marginalVar[j]);
            e = e with
            {
                MarginalPerUnit = marginal[j],
                MarginalPerUnitLower = marginal[j] - z * mse,
                MarginalPerUnitUpper = marginal[j] + z * mse,
                MarginalPerHour = hours[j].Hours is double h ? marginal[j] / h : null,
                EffectOnTreated = treatedEffects ? Treated(att[j], Math.Sqrt(attVar[j]), double.PositiveInfinity, level, attDeals[j]) : null,
            };
            effects.Add(e);
        }
        var fit = new SegmentFit
        {
            Segment = -1,
            Deals = total,
            Estimable = true,
            Parameters = k,
            Estimate = estimate,
            Covariance = covariance,
            NaiveEstimate = naive,
            NaiveStandardError = [.. naiveVar.Select(Math.Sqrt)],
            PlaceboEstimate = placebo && options.RunChecks ? placeboEst : null,
            PlaceboStandardError = placebo && options.RunChecks ? [.. placeboVar.Select(Math.Sqrt)] : null,
            RandomCauseEstimate = cause && options.RunChecks ? causeEst : null,
            HalfA = halves && options.RunChecks ? halfA : null,
            HalfB = halves && options.RunChecks ? halfB : null,
            VariationShare = share,
        };
        List<HonestyCheck> checks = options.RunChecks ? EffortChecks(OverallName, fit, data.EffortNames, options, level, kind) : [];
        return new SegmentEffects
        {
            Segment = OverallName,
            Deals = total,
            Parameters = k,
            IsEstimable = true,
            Effects = effects,
            EffectCovariance = covariance,
            Checks = checks,
        };
    }

    private static TreatedEffect Treated(double estimate, double se, double df, double level, int treated)
    {
        double t = Critical(level, df);
        double stat = se > 0 ? Math.Abs(estimate / se) : double.PositiveInfinity;
        double p = Distributions.StudentTwoSidedP(stat, df);
        return new TreatedEffect
        {
            Estimate = estimate, StandardError = se, Lower = estimate - t * se, Upper = estimate + t * se,
            PValue = double.IsNaN(p) ? 1 : Math.Clamp(p, 0, 1), TreatedDeals = treated,
        };
    }

    private static EffortEffect MakeEffect(string effort, string segment, int deals, double estimate, double se, double df, double level,
        double shrunk, double shrunkSe, double factor, double naive, double naiveSe, double mean, double high, EffortTransform transform, double? hoursPerUnit, double? sensitivityDf = null)
    {
        double t = Critical(level, df);
        double lower = estimate - t * se, upper = estimate + t * se;
        double stat = se > 0 ? Math.Abs(estimate / se) : double.PositiveInfinity;
        double p = Distributions.StudentTwoSidedP(stat, df);
        double slope = transform.Derivative(mean);
        double marginal = estimate * slope;
        double ml = lower * slope, mu = upper * slope;
        if (ml > mu) (ml, mu) = (mu, ml);
        return new EffortEffect
        {
            Effort = effort,
            Segment = segment,
            Deals = deals,
            Estimate = estimate,
            StandardError = se,
            Lower = lower,
            Upper = upper,
            PValue = double.IsNaN(p) ? 1 : Math.Clamp(p, 0, 1),
            ShrunkEstimate = shrunk,
            ShrunkStandardError = shrunkSe,
            ShrinkageFactor = factor,
            NaiveEstimate = naive,
            NaiveStandardError = naiveSe,
            MeanEffort = mean,
            HighEffort = high,
            MarginalPerUnit = marginal,
            MarginalPerUnitLower = ml,
            MarginalPerUnitUpper = mu,
            HoursPerUnit = hoursPerUnit,
            MarginalPerHour = hoursPerUnit is double h ? marginal / h : null,
            Sensitivity = Sensitivity(effort, estimate, se, sensitivityDf ?? (double.IsFinite(df) ? df : Math.Max(2, deals - 1)), level),
        };
    }

    /// <summary>Cinelli–Hazlett partial R² and robustness values from the estimate's t-value, with a sentence from the numbers.</summary>
    internal static ConfoundingSensitivityResult? Sensitivity(string effort, double estimate, double se, double df, double level)
    {
        if (!(se > 0) || !(df > 1) || !double.IsFinite(estimate)) return null;
        CultureInfo inv = CultureInfo.InvariantCulture;
        double t = estimate / se;
        double r2 = ConfoundingSensitivity.PartialR2(t, df);
        double rv = ConfoundingSensitivity.RobustnessValue(t, df);
        double rva = ConfoundingSensitivity.RobustnessValue(t, df, 1, 1 - level);
        string sentence = rva > 0
            ? string.Create(inv, $"A hidden confounder would have to explain {rv:P1} of the residual variation of both {effort} and the outcome to bring this effect to zero, and {rva:P1} to make it no longer significant at {level:0%}; {effort} itself explains {r2:P1} of the outcome's residual variation.")
            : string.Create(inv, $"The effect of {effort} is not significant at {level:0%}, so no hidden confounder is needed to make it so; one explaining {rv:P1} of the residual variation of both {effort} and the outcome would bring it to zero.");
        return new ConfoundingSensitivityResult { PartialR2 = r2, RobustnessValue = rv, RobustnessValueSignificance = rva, Sentence = sentence };
    }

    /// <summary>The two-sided critical value at <paramref name="level"/>: Student's t with <paramref name="df"/> degrees of freedom (at least 1), the normal one beyond 10⁶.</summary>
    private static double Critical(double level, double df) =>
        double.IsPositiveInfinity(df) || df > 1e6 ? Distributions.NormalCritical(level) : Distributions.StudentCritical(level, Math.Max(1, df));

    private static List<HonestyCheck> SegmentChecks(string segment, SegmentFit fit, string[] efforts, EffortEffectsOptions options, double level, EffortEstimatorKind kind)
    {
        var checks = options.RunChecks ? EffortChecks(segment, fit, efforts, options, level, kind) : [];
        CultureInfo inv = CultureInfo.InvariantCulture;
        int k = efforts.Length;
        for (int j = 0; j < k; j++)
        {
            double share = fit.VariationShare[j];
            CheckVerdict v = share < 0.01 ? CheckVerdict.Failed : share < 0.05 ? CheckVerdict.Caution : CheckVerdict.Passed;
            checks.Add(new HonestyCheck
            {
                Kind = HonestyCheckKind.EffortVariation, Segment = segment, Effort = efforts[j], Verdict = v, Value = share,
                Finding = string.Create(inv, $"{share:P1} of the variation in {efforts[j]} is left once the controls are held fixed."),
                Meaning = v == CheckVerdict.Passed
                    ? "Deals with similar controls still differ in effort, so the data can tell what effort does."
                    : "Effort is almost fixed by the controls here (e.g. every big deal gets the same treatment), so the estimate leans on a few deals and on the model's form.",
                WhatToDo = v == CheckVerdict.Passed ? "Nothing." : "Read the interval, not the point; pool this segment with a similar one, or vary effort deliberately (a test) to learn more.",
            });
        }
        double perParameter = fit.Parameters > 0 ? (double)fit.Deals / fit.Parameters : 0;
        // Double ML: the nuisance learners need deals too, so ask for MinDealsPerParameter × 5 deals per effort (and one more).
        double dmlWanted = options.MinDealsPerParameter * (k + 1) * 5;
        bool fewDeals = kind == EffortEstimatorKind.Regression ? perParameter < options.MinDealsPerParameter : fit.Deals < dmlWanted;
        checks.Add(new HonestyCheck
        {
            Kind = HonestyCheckKind.DealCount, Segment = segment, Verdict = fewDeals ? CheckVerdict.Caution : CheckVerdict.Passed, Value = kind == EffortEstimatorKind.Regression ? perParameter : fit.Deals,
            Finding = kind == EffortEstimatorKind.Regression
                ? string.Create(inv, $"{fit.Deals:N0} deals for {fit.Parameters} parameters ({perParameter:0.#} deals per parameter; {options.MinDealsPerParameter:0.#} wanted).")
                : string.Create(inv, $"{fit.Deals:N0} deals for double ML with {k} efforts ({dmlWanted:N0} wanted: 5 × {options.MinDealsPerParameter:0.#} per effort and one more)."),
            Meaning = fewDeals ? "Few deals per parameter: estimates are noisy and robust standard errors less reliable." : "Enough deals for the parameters.",
            WhatToDo = fewDeals ? "Use fewer controls (e.g. drop rep), a coarser segmentation, or rely on the shrunk estimate." : "Nothing.",
        });
        if (fit.Overlap is not null)
        {
            foreach (OverlapDiagnostics o in fit.Overlap) checks.Add(OverlapCheck(segment, o));
        }
        if (double.IsNaN(fit.MaxLeverage)) return checks;
        bool extreme = fit.ExtremeLeverageCount > 0;
        checks.Add(new HonestyCheck
        {
            Kind = HonestyCheckKind.ExtremeLeverage, Segment = segment, Verdict = extreme ? CheckVerdict.Caution : CheckVerdict.Passed, Value = fit.MaxLeverage,
            Finding = string.Create(inv, $"{fit.ExtremeLeverageCount:N0} deals with leverage above {options.ExtremeLeverage:0.##}; the largest is {fit.MaxLeverage:0.###}."),
            Meaning = extreme
                ? "A few deals largely fit themselves (often a control level seen once, such as a rep with one deal, or an extreme effort count); the estimate may hinge on them."
                : "No deal decides its own fit.",
            WhatToDo = extreme ? "Check those deals for data errors; merge rare control levels or drop the control; compare with the shrunk estimate." : "Nothing.",
        });
        return checks;
    }

    private static List<HonestyCheck> EffortChecks(string segment, SegmentFit fit, string[] efforts, EffortEffectsOptions options, double level, EffortEstimatorKind kind)
    {
        var checks = new List<HonestyCheck>();
        CultureInfo inv = CultureInfo.InvariantCulture;
        int k = efforts.Length;
        double t = Critical(level, fit.DegreesOfFreedom);
        for (int j = 0; j < k; j++)
        {
            string effort = efforts[j];
            double est = fit.Estimate[j];
            double se = Math.Sqrt(Math.Max(0, fit.Covariance[j * k + j]));

            // Naive vs adjusted: the size of the change and its significance, judged and worded separately.
            checks.Add(NaiveVersusAdjusted(segment, effort, fit.NaiveEstimate[j], fit.NaiveStandardError[j], est, se, level));

            // Placebo.
            if (fit.PlaceboEstimate is not null)
            {
                double pl = fit.PlaceboEstimate[j];
                double plSe = fit.PlaceboStandardError![j];
                double lo = pl - t * plSe, hi = pl + t * plSe;
                double z = plSe > 0 ? Math.Abs(pl) / plSe : double.PositiveInfinity;
                CheckVerdict v = lo <= 0 && hi >= 0 ? CheckVerdict.Passed : z < 3.5 ? CheckVerdict.Caution : CheckVerdict.Failed;
                checks.Add(new HonestyCheck
                {
                    Kind = HonestyCheckKind.PlaceboEffort, Segment = segment, Effort = effort, Verdict = v, Value = pl, Lower = lo, Upper = hi,
                    Finding = string.Create(inv, $"{effort} shuffled among the deals shows an effect of {pl:N0} [{lo:N0}, {hi:N0}]."),
                    Meaning = v switch
                    {
                        CheckVerdict.Passed => "A meaningless effort shows no effect, as it should: the method does not invent effects here.",
                        CheckVerdict.Caution => "A meaningless effort shows an effect at the edge of chance (1 in 20 placebo checks does this by luck alone).",
                        _ => "A meaningless effort shows a clear effect: the standard errors are too small or a few deals drive the fit, so the real estimate cannot be trusted as stated.",
                    },
                    WhatToDo = v switch
                    {
                        CheckVerdict.Passed => "Nothing.",
                        CheckVerdict.Caution => "Refit with another seed; if it persists, look for outliers and use cluster-robust standard errors.",
                        _ => "Look for outliers and data errors, cluster the standard errors by account or rep, and do not act on this segment's estimate until the placebo passes.",
                    },
                });
            }

            // Random common cause.
            if (fit.RandomCauseEstimate is not null)
            {
                double rc = fit.RandomCauseEstimate[j];
                double shift = se > 0 ? Math.Abs(rc - est) / se : 0;
                double tol = options.RandomCommonCauseTolerance;
                CheckVerdict v = shift <= tol ? CheckVerdict.Passed : shift <= 2 * tol ? CheckVerdict.Caution : CheckVerdict.Failed;
                checks.Add(new HonestyCheck
                {
                    Kind = HonestyCheckKind.RandomCommonCause, Segment = segment, Effort = effort, Verdict = v, Value = rc, Reference = est,
                    Finding = string.Create(inv, $"with a random control added the effect reads {rc:N0} against {est:N0}, a move of {shift:0.00} standard errors (tolerance {tol:0.00})."),
                    Meaning = v == CheckVerdict.Passed
                        ? "Adding an irrelevant control leaves the estimate where it was: it is not fragile to the choice of controls."
                        : kind == EffortEstimatorKind.DoubleMl
                            ? "An irrelevant control moves the estimate: the nuisance learner is unstable on this segment (too flexible for its size)."
                            : "An irrelevant control moves the estimate: the fit is fragile (too many controls for the deals, or near-collinear controls).",
                    WhatToDo = v == CheckVerdict.Passed ? "Nothing." : "Use fewer or coarser controls, a simpler nuisance learner, or more deals; treat the estimate as rough.",
                });
            }

            // Random halves.
            if (options.RunChecks)
            {
                if (fit.HalfA is not null)
                {
                    double a = fit.HalfA[j], b = fit.HalfB![j];
                    double z = se > 0 ? Math.Abs(a - b) / (2 * se) : 0;
                    CheckVerdict v = z < Critical(level, double.PositiveInfinity) ? CheckVerdict.Passed : z < 3 ? CheckVerdict.Caution : CheckVerdict.Failed;
                    checks.Add(new HonestyCheck
                    {
                        Kind = HonestyCheckKind.SubsetStability, Segment = segment, Effort = effort, Verdict = v, Value = a, Reference = b,
                        Finding = string.Create(inv, $"two random halves of the deals give {a:N0} and {b:N0} (difference {z:0.00} times its expected noise, 2 × SE)."),
                        Meaning = v == CheckVerdict.Passed
                            ? "Both halves tell the same story within noise: the estimate does not hang on particular deals."
                            : "The halves disagree more than noise explains: a few deals (outliers, one big account) may be driving the estimate.",
                        WhatToDo = v == CheckVerdict.Passed ? "Nothing." : "Look for outliers and dominant accounts; cluster standard errors by account; prefer the shrunk estimate.",
                    });
                }
                else
                {
                    checks.Add(new HonestyCheck
                    {
                        Kind = HonestyCheckKind.SubsetStability, Segment = segment, Effort = effort, Verdict = CheckVerdict.Caution, Value = double.NaN,
                        Finding = "random halves of the deals are too small to fit the model on their own.",
                        Meaning = "Stability could not be checked; the segment is small for its number of controls.",
                        WhatToDo = "Use fewer controls or a coarser segmentation, and rely on the shrunk estimate.",
                    });
                }
            }
        }
        return checks;
    }

    /// <summary>
    /// The overlap check of a 0/1 effort, from its numbers: the share of extreme propensities, the effective sample share
    /// and the worst standardized difference after weighting; when the fit was restricted to common support, the check
    /// says how many deals it kept and its verdict is that of the deals kept (at least caution: the population changed).
    /// </summary>
    internal static HonestyCheck OverlapCheck(string segment, OverlapDiagnostics o)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        string finding = string.Create(inv,
            $"{o.ExtremeShare:P1} of {o.DealsBefore:N0} deals have a propensity to get {o.Effort} below {o.ExtremeBound:0.##} or above {1 - o.ExtremeBound:0.##} (range {o.MinPropensity:0.###} to {o.MaxPropensity:0.###}); the weights leave an effective {o.EffectiveShare:P0} of the smaller group; the worst standardized difference of a control is {o.WorstBalanceBefore:0.00} before and {o.WorstBalanceAfter:0.00} after weighting (0.10 is good, 0.25 poor).");
        CheckVerdict verdict = o.Verdict;
        string meaning, whatToDo;
        if (o.RestrictedToCommonSupport)
        {
            CheckVerdict kept = o.KeptVerdict ?? o.Verdict;
            verdict = kept > CheckVerdict.Caution ? kept : CheckVerdict.Caution;
            finding += string.Create(inv, $" The estimate shown is re-fitted on the {o.DealsKept:N0} of {o.DealsBefore:N0} deals with a propensity in [{o.CommonSupportBound:0.##}, {1 - o.CommonSupportBound:0.##}] (overlap there: {kept}); the full-sample estimate was {o.FullSampleEstimate:N0} [{o.FullSampleLower:N0}, {o.FullSampleUpper:N0}].");
            meaning = o.Verdict == CheckVerdict.Failed
                ? "On all deals, deals with and without the effort are too different to compare (some kinds of deal almost always or never get it), so the full-sample figure leans on a few heavily weighted deals. The estimate shown holds for the deals kept, not for all deals."
                : "The estimate shown holds for the deals in common support, not for all deals.";
            whatToDo = "Read the estimate as the effect for deals like those kept; to learn about the others, collect comparable deals (give the effort to some deals that rarely get it, and withhold it from some that always do).";
        }
        else
        {
            meaning = o.Verdict switch
            {
                CheckVerdict.Passed => "Deals with and without the effort overlap well: for each kind of deal there are comparable deals on both sides, and weighting balances the controls.",
                CheckVerdict.Caution => "Overlap is thin for some deals: the estimate leans more on a few heavily weighted deals and on the outcome models.",
                _ => "Deals with and without the effort are too different to compare (some kinds of deal almost always or never get it): the estimate leans on a few heavily weighted deals and should not be acted on as it stands.",
            };
            whatToDo = o.Verdict switch
            {
                CheckVerdict.Passed => "Nothing.",
                CheckVerdict.Caution => "Compare with the estimate restricted to common support (CommonSupport = CommonSupportPolicy.Always) and read the interval, not the point.",
                _ => "Restrict to the region of common support (CommonSupport = CommonSupportPolicy.Always or WhenOverlapFails), trim extreme propensities, or collect comparable deals.",
            };
        }
        return new HonestyCheck
        {
            Kind = HonestyCheckKind.Overlap, Segment = segment, Effort = o.Effort, Verdict = verdict, Value = o.ExtremeShare, Reference = o.EffectiveShare,
            Statistic = o.WorstBalanceAfter, Finding = finding, Meaning = meaning, WhatToDo = whatToDo,
        };
    }

    /// <summary>
    /// Adds to every effect of <paramref name="regression"/> the specification check against the same effect from
    /// <paramref name="dml"/>, and attaches the double-ML result.
    /// </summary>
    internal static EffortEffects WithSpecificationChecks(EffortEffects regression, EffortEffects dml)
    {
        SegmentEffects With(SegmentEffects segment, SegmentEffects? other)
        {
            if (!segment.IsEstimable || other is null || !other.IsEstimable) return segment;
            var checks = new List<HonestyCheck>(segment.Checks);
            foreach (EffortEffect e in segment.Effects)
            {
                if (other.Effect(e.Effort) is EffortEffect d) checks.Add(SpecificationCheck(segment.Segment, e, d, regression.ConfidenceLevel));
            }
            return segment with { Checks = checks };
        }
        SegmentEffects? Find(string name) => dml.Segments.FirstOrDefault(s => s.Segment == name);
        return regression with
        {
            Segments = [.. regression.Segments.Select(s => With(s, Find(s.Segment)))],
            Overall = With(regression.Overall, dml.Overall),
            DoubleMlComparison = dml,
        };
    }

    /// <summary>
    /// The specification check: the regression's effect and double ML's on the same deals, their gap against the combined
    /// standard error √(SE_regression² + SE_doubleML²) (conservative: the two estimates share the deals, so the gap's true
    /// error is smaller). Beyond the critical value the check cautions and says to believe double ML, whose outcome and
    /// effort models learn the controls' shape instead of assuming it.
    /// </summary>
    internal static HonestyCheck SpecificationCheck(string segment, EffortEffect regression, EffortEffect dml, double level)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        double gap = regression.Estimate - dml.Estimate;
        double combined = Math.Sqrt(regression.StandardError * regression.StandardError + dml.StandardError * dml.StandardError);
        double z = combined > 0 ? Math.Abs(gap) / combined : gap == 0 ? 0 : double.PositiveInfinity;
        double critical = Critical(level, double.PositiveInfinity);
        bool differ = z > critical;
        string finding = string.Create(inv,
            $"regression gives {Figure(regression.Estimate)} (SE {Figure(regression.StandardError)}); double ML, with flexible models of the outcome and of {regression.Effort} given the controls, gives {Figure(dml.Estimate)} (SE {Figure(dml.StandardError)}) on the same deals: the gap of {Figure(Math.Abs(gap))} is {z:0.0} times their combined standard error, {(differ ? "more than" : "within what")} chance explains at {level:0%}.");
        return new HonestyCheck
        {
            Kind = HonestyCheckKind.Specification, Segment = segment, Effort = regression.Effort, Verdict = differ ? CheckVerdict.Caution : CheckVerdict.Passed,
            Value = regression.Estimate, Reference = dml.Estimate, Statistic = z, Lower = dml.Lower, Upper = dml.Upper,
            Finding = finding,
            Meaning = differ
                ? "The two disagree: the regression's controls probably have the wrong shape (a control whose effect is curved, banded or differs by segment), which biases it, while double ML learns the shape from the data. Believe double ML" +
                    (regression.StandardError < dml.StandardError ? "; the regression's narrower interval is narrow around a biased figure." : ".")
                : "The regression's controls and double ML's flexible models agree within noise, so the controls' shape does not drive the answer" +
                    (regression.StandardError <= dml.StandardError ? "; the regression, the more precise here, can be used." : "; double ML is the more precise here, and either can be used."),
            WhatToDo = differ
                ? "Act on the double ML estimate, or give the controls a flexible shape in Controlling(...) (spline(revenue, 4), bands(employees, 5), by(revenue, region)) until the regression agrees."
                : "Nothing.",
        };
    }

    /// <summary>A figure in a sentence: whole numbers from 100 up (money), three significant digits below (probabilities, days, rates).</summary>
    internal static string Figure(double value) =>
        Math.Abs(value) >= 100 || value == 0 ? value.ToString("N0", CultureInfo.InvariantCulture) : value.ToString("G3", CultureInfo.InvariantCulture);

    /// <summary>The relative change (naive − adjusted) / |adjusted| from which the controls are said to change the answer materially.</summary>
    internal const double MaterialChange = 0.25;

    /// <summary>
    /// The naive-vs-adjusted check. The verdict follows the size of the change (caution when the controls move the
    /// estimate by at least <see cref="MaterialChange"/> of the adjusted figure); the significance of the gap (a z-test
    /// of naive − adjusted) is reported beside it, and the words are chosen from both numbers, so they never contradict
    /// the verdict.
    /// </summary>
    internal static HonestyCheck NaiveVersusAdjusted(string segment, string effort, double naive, double naiveSe, double est, double se, double level)
    {
        CultureInfo inv = CultureInfo.InvariantCulture;
        double change = naive - est;
        double gapSe = Math.Sqrt(se * se + naiveSe * naiveSe);
        double z = gapSe > 0 ? Math.Abs(change) / gapSe : change == 0 ? 0 : double.PositiveInfinity;
        double critical = Critical(level, double.PositiveInfinity);
        bool significant = z >= critical;
        double relative = est != 0 ? change / Math.Abs(est) : change == 0 ? 0 : double.PositiveInfinity;
        bool material = Math.Abs(relative) >= MaterialChange;
        string relativeText = double.IsFinite(relative)
            ? string.Create(inv, $"the naive figure is {Math.Abs(relative):0%} {(change >= 0 ? "above" : "below")} the adjusted one")
            : "the adjusted figure is zero";
        string significance = significant
            ? string.Create(inv, $"the gap is {z:0.0} times its standard error, more than chance explains at {level:0%}")
            : string.Create(inv, $"the gap is {z:0.0} times its standard error, within what chance explains at {level:0%}");
        string finding = string.Create(inv,
            $"without controls the effect reads {naive:N0}; with controls {est:N0}: the controls move it by {change:+#,0;-#,0;0} ({relativeText}; {(material ? "a material change" : "a small change")}, {MaterialChange:0%} or more counts as material); {significance}.");
        string meaning = (material, significant) switch
        {
            (true, true) => "The controls change the answer, by more than noise explains: deals that get more effort differ in other ways that also move the outcome (bigger deals, stronger reps). The naive figure is biased.",
            (true, false) => "The controls change the answer by a material amount, but the gap is within noise: the data cannot tell how strong the confounding is, so the naive figure cannot be relied on either.",
            (false, true) => "The controls change the answer measurably but by little: confounding by the controlled columns is real but small here.",
            _ => "The controls change the answer by little, and the gap is within noise: confounding by the controlled columns is weak here.",
        };
        string whatToDo = material
            ? "Act on the adjusted estimate, never the naive one, and make sure every driver of both effort and the outcome you know of is controlled."
            : "Nothing; still keep the controls, as unmeasured confounders cannot be ruled out.";
        return new HonestyCheck
        {
            Kind = HonestyCheckKind.NaiveVersusAdjusted, Segment = segment, Effort = effort,
            Verdict = material ? CheckVerdict.Caution : CheckVerdict.Passed,
            Value = naive, Reference = est, Statistic = z,
            Finding = finding, Meaning = meaning, WhatToDo = whatToDo,
        };
    }

    private static double SegmentMean(double[] raw, int start, int count)
    {
        double sum = 0;
        for (int r = start; r < start + count; r++) sum += raw[r];
        return count > 0 ? sum / count : double.NaN;
    }

    private static (double Mean, double High) MeanAndHigh(double[] raw, int start, int count) => MeanAndHigh(raw, [(start, count)]);

    private static (double Mean, double High) MeanAndHigh(double[] raw, List<(int Start, int Count)> ranges)
    {
        int n = 0;
        double sum = 0;
        foreach ((int start, int count) in ranges)
        {
            for (int r = start; r < start + count; r++) sum += raw[r];
            n += count;
        }
        if (n == 0) return (double.NaN, double.NaN);
        int rank = Math.Max(0, (int)Math.Ceiling(0.95 * n) - 1);
        // Effort counts are small whole numbers: count them; otherwise sort.
        const int MaxCount = 4_096;
        var histogram = new int[MaxCount];
        bool counts = true;
        foreach ((int start, int count) in ranges)
        {
            for (int r = start; r < start + count && counts; r++)
            {
                double v = raw[r];
                if (v >= 0 && v < MaxCount && v == Math.Floor(v)) histogram[(int)v]++;
                else counts = false;
            }
        }
        if (counts)
        {
            int seen = 0;
            for (int v = 0; v < MaxCount; v++)
            {
                seen += histogram[v];
                if (seen > rank) return (sum / n, v);
            }
        }
        var values = new double[n];
        int i = 0;
        foreach ((int start, int count) in ranges)
        {
            Array.Copy(raw, start, values, i, count);
            i += count;
        }
        Array.Sort(values);
        return (sum / n, values[rank]);
    }

    private static EffortHours[] HoursPerUnit(DealSet deals, EffortData data, EffortEffectsOptions options)
    {
        int k = data.EffortNames.Length;
        var result = new EffortHours[k];
        bool[] given = new bool[k];
        for (int j = 0; j < k; j++)
        {
            string effort = data.EffortNames[j];
            if (options.HoursPerUnit is not null)
            {
                foreach (KeyValuePair<string, double> pair in options.HoursPerUnit)
                {
                    if (string.Equals(pair.Key, effort, StringComparison.OrdinalIgnoreCase))
                    {
                        result[j] = new EffortHours(effort, pair.Value, "given");
                        given[j] = true;
                    }
                }
            }
            if (!given[j] && deals.EffortHours is not null && string.Equals(effort, deals.EffortHours.Name, StringComparison.OrdinalIgnoreCase))
            {
                result[j] = new EffortHours(effort, 1, "the effort is hours");
                given[j] = true;
            }
        }
        if (given.All(g => g)) return result;
        if (deals.EffortHours is null)
        {
            for (int j = 0; j < k; j++)
            {
                if (!given[j]) result[j] = new EffortHours(data.EffortNames[j], null, "unknown: the deals have no effort-hours column");
            }
            return result;
        }
        // Regress effort hours on every effort count (with intercept) over the deals with all values present.
        int n = deals.Count;
        NumericColumn[] all = [.. deals.Efforts];
        var columns = new double[all.Length][];
        for (int c = 0; c < all.Length; c++)
        {
            columns[c] = new double[n];
            all[c].CopyTo(columns[c]);
        }
        var hours = new double[n];
        deals.EffortHours.CopyTo(hours);
        var include = new bool[n];
        for (int i = 0; i < n; i++)
        {
            bool ok = !double.IsNaN(hours[i]);
            for (int c = 0; c < all.Length && ok; c++) ok = !double.IsNaN(columns[c][i]);
            include[i] = ok;
        }
        // One pass of additive cross-products (the statistics core's CrossProducts), in row-major blocks.
        RegressionFit? fit = null;
        int cols = all.Length;
        const int BlockRows = 4_096;
        var products = new CrossProducts(cols);
        var rowsBlock = new double[BlockRows * cols];
        var responses = new double[BlockRows];
        var weights = new double[BlockRows];
        for (int b0 = 0; b0 < n; b0 += BlockRows)
        {
            int count = Math.Min(BlockRows, n - b0);
            for (int i = 0; i < count; i++)
            {
                int row = b0 + i;
                bool ok = include[row];
                for (int c = 0; c < cols; c++) rowsBlock[i * cols + c] = ok ? columns[c][row] : 0;
                responses[i] = ok ? hours[row] : 0;
                weights[i] = ok ? 1 : 0;
            }
            products.AddRows(rowsBlock.AsSpan(0, count * cols), responses.AsSpan(0, count), weights.AsSpan(0, count));
        }
        try
        {
            if (products.Count > cols + 1) fit = products.Solve(new RegressionOptions(), [.. all.Select(c => c.Name)]);
        }
        catch (ModelFitException)
        {
            // Collinear efforts or too few deals with hours: hours per unit stay unknown, as reported below.
        }
        for (int j = 0; j < k; j++)
        {
            if (given[j]) continue;
            int c = Array.FindIndex(all, e => string.Equals(e.Name, data.EffortNames[j], StringComparison.OrdinalIgnoreCase));
            double h = c >= 0 && fit is not null ? fit.Coefficients[c + 1] : double.NaN;
            result[j] = h > 0 && double.IsFinite(h)
                ? new EffortHours(data.EffortNames[j], h, "regression of effort hours on the effort counts")
                : new EffortHours(data.EffortNames[j], null, "unknown: effort hours do not rise with this effort in the data");
        }
        return result;
    }
}

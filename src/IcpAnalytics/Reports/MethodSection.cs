namespace IcpAnalytics.Reports;

/// <summary>Builds the "Method and glossary" section: every measure and check of the report, in plain words.</summary>
internal static class MethodSection
{
    public const string Id = "method";
    public const string Title = "Method and glossary";

    public static ReportSection Build(bool fallsBackToRevenue)
    {
        string margin = fallsBackToRevenue ? "revenue (the data has no gross margin)" : "gross margin";
        return new ReportSection(Id, Title)
        {
            Paragraphs =
            [
                "Every figure here is computed from the closed deals named in \"The data\": deals won and deals lost, both counted as pursued. "
                + "Open deals and rejected rows are in no figure. Intervals are 95% intervals: the range the true value plausibly lies in, given how many deals there are. "
                + "Unless a section says otherwise, ranges count deals of one account together (see \"Accounts as the evidence\" below).",
                "The report renders results; it never changes them. The same deals and options always give the same report, byte for byte.",
            ],
            Tables =
            [
                ReportTable.Definitions("definitions", "Glossary: the terms used in this report",
                [
                    ("Deals pursued", "Closed deals, won and lost. Effort spent on a lost deal is a real cost, so lost deals count everywhere effort is counted."),
                    ("Win rate", "Won deals ÷ deals pursued, with a 95% range (Wilson's method, which stays sensible near 0% and 100%)."),
                    ("95% range (interval)", "The span the true value plausibly lies in, given how many deals and accounts there are: a figure with a range that excludes zero is very unlikely to be chance."),
                    ("Percentage points (pp)", "The difference between two rates: 32.5% against 21.2% is +11.3 pp (not +53%, which would be the relative change)."),
                    ("Accounts as the evidence", "Deals of one account tend to go the same way, so ten deals of one customer are weaker evidence than ten deals of ten customers. "
                        + "The ranges therefore count each account's deals together (statisticians say \"clustered by account\"): the win rate's range uses the effective number of independent deals "
                        + "(deals ÷ the \"design effect\", how much an account's deals repeat each other), and money ranges use Student's t on the number of accounts − 1 \"degrees of freedom\", which widens them when there are few accounts."),
                    ("p (p-value)", "How often chance alone would give a difference at least this large; small (below 0.05) means unlikely to be chance. \"Adjusted p\" allows for the many rules tried."),
                    ("Margin", $"The {margin} of won deals; a lost deal brings none."),
                    ("Margin per deal pursued", "Σ margin of won deals ÷ deals pursued: what a deal you go after yields on average, counting the ones you lose."),
                    ("Margin per effort hour", "Σ margin of won deals ÷ Σ effort hours of all pursued deals (won and lost): the profit yield of sales time."),
                    ("Yield index", "A segment's margin per effort hour ÷ that of all deals. Above 1: the segment pays back sales time better than average."),
                    ("Shrunk estimate", "A small segment's figure pulled toward the whole set's in proportion to how little data it has, so a lucky handful of deals is not over-read."),
                    ("Ideal Customer Profile (ICP)", "A short list of readable rules (such as \"industry = Software and employees 200–1,000\") whose deals yield the most margin per effort hour, each with enough deals and a significant lift after correcting for the many rules tried."),
                    ("Coverage", "The share of deals, of margin and of effort hours that the ICP's rules take in."),
                    ("Whale curve", "Accounts ranked from the most to the least margin they brought; the curve shows the cumulative share of total margin against the share of accounts. It rises above 100% when the top accounts earn more than the total and the tail loses money."),
                    ("Holdout validation", "The profile is built only on deals closed before the holdout date and tested on deals closed on or after it, which it never saw: ICP-fit deals against the rest."),
                    ("Gain curve", "Later deals ranked by their fit score: the share of later margin captured against the share of deals (or effort) worked. Above the diagonal means the score finds margin better than chance."),
                    ("Effort effect", "What one more unit of an effort (meeting, demo, hour) returns in margin per opportunity (margin if won, 0 if lost), with diminishing returns, after controlling for what drives both effort and margin (deal size, rep, industry, period)."),
                    ("Effect per step of effort", "Returns diminish: the fifth meeting adds less than the first. The model reads effort on a log scale, log(1 + count) (\"log1p\"), "
                        + "so one step is going from 0 to 1.7 meetings, from 1.7 to 6.4, from 6.4 to 19. The \"one more, at today's average\" figures turn this into money for one more meeting or demo."),
                    ("Pooled (shrunk) effect", "A segment's effect pulled toward the all-segment effect in proportion to its uncertainty, so the plan does not chase a noisy small segment."),
                    ("HC3 standard errors", "A way of measuring the uncertainty of a regression that does not assume every deal is equally noisy; it widens ranges a little, never narrows them."),
                    ("Adjusted vs naive", "The naive estimate compares deals with more and less effort and nothing else; the adjusted estimate controls for confounders. A large gap shows how much the naive view misleads."),
                    ("Honesty checks", "Placebo effort (shuffled: its effect should vanish), a random common cause (the effect should not move), stability on subsets, and warnings when effort barely varies or there are few deals. Each ends in a verdict: passed (trust the estimate as stated), caution (read it with the stated reservation), failed (do not act on it)."),
                    ("Effort allocation", "How to spread a budget of effort across segments to maximise expected margin, using each segment's fitted diminishing-returns curve, with the expected gain over today's allocation and its interval."),
                ]),
            ],
        };
    }
}

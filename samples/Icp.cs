#:project ../src/IcpAnalytics/IcpAnalytics.csproj
// The Ideal Customer Profile: rules ranked by margin per effort hour, a fit score for a new account, and the proof on
// deals the profile never saw.
//
//   dotnet run samples/Icp.cs                  (6,000 generated deals, seed 11, with a known true ICP)
//
// Outside this repository, replace the first line by `#:package IcpAnalytics@0.1.0`.
// It prints, among other lines (a test checks each):
//   > industry = Software and employees 200–1,000: 725.3/h [641.3/h, 809.2/h], lift 2.98, 544 deals (9.1 %), adjusted p < 0.0001
//   > industry = Healthcare and region = North America: 532.9/h [461.4/h, 604.3/h], lift 2.19, 510 deals (8.5 %), adjusted p < 0.0001
//   > Fit score 100/100 (fits the ICP; expected 673.7/h)
//   > MarginPerEffortHour: fit 639.2/h vs non-fit 174.1/h, difference 465.1/h [327.5/h, 602.7/h], p < 0.0001
using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.Segments;

DealSet deals = SampleDeals.Generate(6_000, seed: 11);

// 1. The profile: readable rules, each tested once on accounts it was not found on.
IdealCustomerProfile icp = deals.Icp()
    .SegmentBy("industry", "employees", "region")
    .RankBy(ProfitYield.MarginPerEffortHour)
    .MinDeals(30)
    .MaxConditions(3)
    .Build();
foreach (IcpRule rule in icp.RankedRules) Console.WriteLine(rule);

// 2. A new account's fit score with its reasons.
FitScore fit = icp.Score(new AccountProfile().With("industry", "Software").With("employees", 450).With("region", "EMEA"));
Console.WriteLine(fit);

// 3. Found on the deals closed before July 2025, checked on the ones closed after.
HoldoutValidation proof = deals.Icp().SegmentBy("industry", "employees", "region").ValidateOnDealsClosedAfter(new DateOnly(2025, 7, 1));
Console.WriteLine(proof.MarginPerEffortHour);

#:project ../src/IcpAnalytics/IcpAnalytics.csproj
// What one more meeting or demo returns in margin, per industry, with deal size, rep, region and company size controlled;
// then the same effort hours spread where they return most.
//
//   dotnet run samples/Effects.cs              (20,000 generated deals, seed 11; the true Software effects are 1,500
//                                               per unit of log(1 + meetings) and 2,000 for demos)
//
// Outside this repository, replace the first line by `#:package IcpAnalytics@0.1.0`.
// It prints, among other lines (a test checks each):
//   > Software / meetings: 1,934 [1,368, 2,499] (SE 288, n 4,099); shrunk 1,660; naive 3,638; one more at 2.71: 522, 348 per hour
//   > Software / demos: 1,808 [1,140, 2,476] (SE 341, n 4,099); shrunk 1,602; naive 2,830; one more at 0.95: 925, 307 per hour
//   > Effort allocation: budget 138,469 hours (today 138,469); expected gain 3,845,785 [1,725,147, 5,889,315] (95 %, 2,000 draws, shrunk effects)
using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;

DealSet deals = SampleDeals.Generate(20_000, seed: 11);

EffortEffects effects = deals.EffortEffects()
    .Of("meetings", "demos")
    .Controlling("revenue", "rep", "region", "employees")
    .PerAttribute("industry")
    .Seed(7)
    .Fit();
Console.WriteLine(effects.Segment("Software").Effect("meetings"));
Console.WriteLine(effects.Segment("Software").Effect("demos"));
foreach (HonestyCheck check in effects.Segment("Software").Checks) Console.WriteLine(check);

EffortAllocation plan = effects.Allocate(effects.TodaysSpend());
Console.WriteLine(plan);

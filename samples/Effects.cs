#:project ../src/IcpAnalytics/IcpAnalytics.csproj
// What one more meeting or demo returns in margin, per industry, with deal size, rep, region and company size controlled;
// then the same effort hours spread where they return most.
//
//   dotnet run samples/Effects.cs              (20,000 generated deals, seed 11; the true Software effects are 1,500
//                                               per unit of log(1 + meetings) and 2,000 for demos)
//
// Outside this repository, replace the first line by `#:package IcpAnalytics@0.1.0`.
// It prints, among other lines (a test checks each):
//   > Software / meetings: 1,772 [1,230, 2,315] (SE 277, n 4,099); shrunk 1,514; naive 3,638; one more at 2.71: 478, 319 per hour
//   > Software / demos: 1,741 [1,078, 2,405] (SE 338, n 4,099); shrunk 1,539; naive 2,830; one more at 0.95: 891, 296 per hour
//   > Effort allocation: budget 138,469 hours (today 138,469); expected gain 3,559,087 [1,433,100, 5,575,197] (95 %, 2,000 draws, shrunk effects)
using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;

DealSet deals = SampleDeals.Generate(20_000, seed: 11);

EffortEffects effects = deals.EffortEffects()
    .Of("meetings", "demos")
    .Controlling("revenue", "rep", "region", "employees")
    .PerAttribute("industry")
    .Seed(7)
    .Build();
Console.WriteLine(effects.Segment("Software").Effect("meetings"));
Console.WriteLine(effects.Segment("Software").Effect("demos"));
foreach (HonestyCheck check in effects.Segment("Software").Checks) Console.WriteLine(check);

EffortAllocation plan = effects.Allocate(effects.TodaysSpend());
Console.WriteLine(plan);

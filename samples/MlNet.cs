#:project ../src/IcpAnalytics.ML/IcpAnalytics.ML.csproj
#:property PublishAot=false
// The ML.NET add-on: deals into an IDataView and back, ML.NET LightGBM as the double-ML learner, and the check whether an
// ML.NET win-probability model should feed the ICP fit score.
//
//   dotnet run samples/MlNet.cs
//
// Outside this repository, replace the first line by `#:package IcpAnalytics.ML@0.1.0`. ML.NET generates code at run
// time, so the app is not compiled ahead of time (`PublishAot=false`; file-based apps default to native AOT).
// It prints, among other lines (a test checks each):
//   > Key<UInt32, 0-5>
//   > data view: 2,000 rows read, 2,000 loaded, 0 open deals set aside, 0 rejected
//   > All deals / meetings: 733 [157, 1,309] (SE 294, n 4,000); shrunk 733; naive 3,492; one more at 3.17: 176, 117 per hour
//   > The blend does not beat the fit score by at least 0.01 on both: keep the rule-based fit score.
using IcpAnalytics.CauseEffect;
using IcpAnalytics.Data;
using IcpAnalytics.Icp;
using IcpAnalytics.ML;

string csv = File.Exists("samples/data/deals.csv") ? "samples/data/deals.csv" : "data/deals.csv";

// 1. A CRM export as an ML.NET data view (typed columns, attribute levels as keys), and back through the same loader.
DealSet deals = DealSet.FromCsv(csv, map => map
    .Outcome("stage", won: ["Closed Won"], lost: ["Closed Lost"])
    .Revenue("amount").Margin("gross_margin")
    .Effort("calls", "meetings", "demos").EffortHours("effort_hours")
    .Attribute("industry").Attribute("region").Attribute("employees", bands: [50, 200, 1000, 5000]));
DealDataView view = deals.ToDataView();
Console.WriteLine(view.Schema["industry"].Type);
DealSet back = DealSet.FromDataView(view);
Console.WriteLine(back.LoadReport);

// 2. Effort effects by double ML with ML.NET LightGBM as the nuisance learner (seeded, one thread: same output every run).
DealSet simulated = SampleDeals.Generate(new SampleDealsOptions { Count = 4_000, Seed = 400, NonlinearConfounding = true });
EffortEffects effects = simulated.EffortEffects()
    .Of("meetings", "demos")
    .Controlling("revenue", "rep", "region", "employees")
    .Using(Estimator.DoubleMl(folds: 5, learner: MlNetLearners.LightGbm()))
    .Seed(1)
    .Build();
Console.WriteLine(effects.Overall.Effect("meetings"));

// 3. Should an ML.NET win-probability model feed the fit score? Only if it ranks later deals better.
DealSet sample = SampleDeals.Generate(6_000, seed: 11);
WinProbabilityComparison check = WinProbabilityModel.CompareOnLaterDeals(sample,
    sample.Icp().SegmentBy("industry", "employees", "region"), new DateOnly(2025, 7, 1));
Console.WriteLine(check);

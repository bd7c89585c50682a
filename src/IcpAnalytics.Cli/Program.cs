using System.CommandLine;
using IcpAnalytics.Cli;

var root = new RootCommand("icp: find which customers are worth winning and which sales effort pays, from your closed deals.");
foreach (Command command in IcpCommands.All()) root.Subcommands.Add(command);
return CliConventions.Invoke(root, args);

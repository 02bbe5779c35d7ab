using System.CommandLine;

var root = new RootCommand("Carapace: a self-hosted personal AI agent gateway.");
root.Subcommands.Add(Carapace.Cli.Commands.RouteCommand.Create());
return await root.Parse(args).InvokeAsync();

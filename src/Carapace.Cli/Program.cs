using System.CommandLine;
using Carapace.Cli.Commands;

var root = new RootCommand("Carapace: a self-hosted personal AI agent gateway.");
root.Subcommands.Add(VoiceCommand.Create());
return await root.Parse(args).InvokeAsync();

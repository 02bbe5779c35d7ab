using System.CommandLine;
using Carapace.Cli.Commands;

var root = new RootCommand("Carapace: a self-hosted personal AI agent gateway.");
root.Subcommands.Add(GatewayCommand.Create());
root.Subcommands.Add(ChatCommand.Create());
root.Subcommands.Add(RouteCommand.Create());
root.Subcommands.Add(SessionsCommand.Create());
root.Subcommands.Add(ConfigCommand.Create());
root.Subcommands.Add(DoctorCommand.Create());
root.Subcommands.Add(VoiceCommand.Create());
root.Subcommands.Add(ChannelsCommand.Create());
root.Subcommands.Add(MemoryCommand.Create());
return await root.Parse(args).InvokeAsync();

using System.CommandLine;

var root = new RootCommand("Carapace: a self-hosted personal AI agent gateway.");
return await root.Parse(args).InvokeAsync();

using System.Globalization;
using System.Text;
using Carapace.Core.Messages;
using Carapace.Core.Routing;

namespace Carapace.Agent.Prompt;

/// <summary>
/// Builds the system prompt for one turn from the agent's workspace: the bootstrap files under headers (cut with a
/// visible marker), the owner's MEMORY.md only when the route's memory scope allows it, and the current time in the
/// user's zone. The route alone decides what is private, never the prompt text.
/// </summary>
public sealed class SystemPromptBuilder
{
    private readonly AgentOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates a builder over the agent options.</summary>
    public SystemPromptBuilder(AgentOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options;
        _time = timeProvider;
    }

    /// <summary>The system prompt for a turn on <paramref name="route"/>.</summary>
    public async Task<string> BuildAsync(Route route, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        var files = await BootstrapFileReader.ReadAsync(
            _options.WorkspaceFor(route.AgentId), route.Memory.MayReadOwnerFiles, _options.BootstrapMaxChars, _options.BootstrapTotalMaxChars, cancellationToken);

        var prompt = new StringBuilder();
        prompt.AppendLine("You are a personal assistant running inside Carapace, talking with people through their messaging channels.");
        prompt.AppendLine(CultureInfo.InvariantCulture, $"Current date and time: {Clock()}");
        prompt.AppendLine(CultureInfo.InvariantCulture, $"Conversation: {route.ChatType.ToKeyword()} chat on {route.Channel}.");
        if (files.Count > 0)
        {
            prompt.AppendLine();
            prompt.AppendLine("# Project context");
            prompt.AppendLine("The following workspace files were loaded:");
            foreach (var file in files)
            {
                prompt.AppendLine();
                prompt.AppendLine(CultureInfo.InvariantCulture, $"## {file.Name}");
                prompt.AppendLine(file.Text.TrimEnd());
                if (file.Marker is { } marker)
                {
                    prompt.AppendLine(marker);
                }
            }
        }

        return prompt.ToString().TrimEnd();
    }

    private string Clock()
    {
        var zone = _options.UserTimeZone;
        var now = TimeZoneInfo.ConvertTime(_time.GetUtcNow(), zone);
        var offset = now.Offset < TimeSpan.Zero ? "-" + now.Offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture) : "+" + now.Offset.ToString(@"hh\:mm", CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{now:yyyy-MM-dd HH:mm} ({now:dddd}), time zone {zone.Id} (UTC{offset})");
    }
}

namespace Carapace.Testing.Models;

/// <summary>Everything a fake model server received in one request, so tests can assert exactly what a prompt contained.</summary>
public sealed record RecordedRequest
{
    /// <summary>The model id the client asked for.</summary>
    public required string Model { get; init; }

    /// <summary>True when the client asked for a streamed answer.</summary>
    public required bool Stream { get; init; }

    /// <summary>The prompt, system message first when there is one.</summary>
    public required IReadOnlyList<RecordedMessage> Messages { get; init; }

    /// <summary>The names of the tools offered.</summary>
    public required IReadOnlyList<string> Tools { get; init; }

    /// <summary>The request body as sent.</summary>
    public required string Body { get; init; }

    /// <summary>The request headers (lower-case names).</summary>
    public required IReadOnlyDictionary<string, string> Headers { get; init; }

    /// <summary>The text of the system message(s).</summary>
    public string SystemText => string.Join("\n", Messages.Where(m => m.Role == "system").Select(m => m.Text));

    /// <summary>Every message's text and tool arguments joined, for "the prompt never contains X" assertions.</summary>
    public string PromptText => string.Join("\n", Messages.Select(m => m.Text + string.Concat(m.ToolCalls.Select(c => " " + c.ArgumentsJson))));
}

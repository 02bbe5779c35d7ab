using Carapace.Gateway.Clients.Wire;

namespace Carapace.Gateway.Clients;

/// <summary>A parsed client frame, or the reason it was refused (with its id when one could be read).</summary>
internal readonly record struct ParsedFrame(ClientFrame? Frame, string? ErrorId, string? Error)
{
    public static ParsedFrame Ok(ClientFrame frame) => new(frame, null, null);

    public static ParsedFrame Fail(string? id, string error) => new(null, id, error);
}

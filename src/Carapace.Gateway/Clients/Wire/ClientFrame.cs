namespace Carapace.Gateway.Clients.Wire;

/// <summary>A request from a WebSocket client; <see cref="Id"/> is echoed on every frame that answers it.</summary>
public abstract record ClientFrame(string Id);

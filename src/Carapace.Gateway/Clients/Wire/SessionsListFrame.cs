namespace Carapace.Gateway.Clients.Wire;

/// <summary><c>{type:"sessions.list", id}</c>: asks for the stored sessions, most recently active first.</summary>
public sealed record SessionsListFrame(string Id) : ClientFrame(Id);

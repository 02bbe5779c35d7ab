namespace Carapace.Gateway.Clients;

/// <summary>A client could not connect: no gateway at the address, or the token was refused. The message says which and what to do.</summary>
public sealed class GatewayConnectException(string message, Exception inner) : Exception(message, inner);

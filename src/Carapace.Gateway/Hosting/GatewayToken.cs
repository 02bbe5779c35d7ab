namespace Carapace.Gateway.Hosting;

/// <summary>The client token in force for this host (from <c>gateway.auth.token</c> or the token file), injected where it is checked.</summary>
public sealed record GatewayToken(string Value)
{
    /// <summary>Never print the token by accident.</summary>
    public override string ToString() => "GatewayToken(***)";
}

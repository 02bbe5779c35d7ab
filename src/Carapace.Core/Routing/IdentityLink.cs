namespace Carapace.Core.Routing;

/// <summary>
/// One entry of <c>session.identityLinks</c>: a person's canonical name and the provider ids (bare <c>123</c> or
/// <c>telegram:123</c>) that are that person, so their DMs and memory follow them across channels.
/// </summary>
public sealed record IdentityLink(string Name, IReadOnlyList<string> Ids);

namespace Carapace.Core.Routing;

/// <summary>
/// One entry of <c>session.identityLinks</c>: a person's canonical name and the provider ids (bare <c>123</c> or
/// <c>telegram:123</c>) that are that person, so their DMs and memory follow them across channels.
/// </summary>
public sealed record IdentityLink(string Name, IReadOnlyList<string> Ids)
{
    /// <summary>The canonical name as written.</summary>
    public string Name { get; } = Name;

    /// <summary>The ids as written.</summary>
    public IReadOnlyList<string> Ids { get; } = Ids;

    /// <summary>The ids trimmed and lowercased once, so matching a message does no string work per link.</summary>
    internal HashSet<string> MatchKeys { get; } = [.. Ids.Select(id => JsText.Lower(JsText.Trim(id))).Where(id => id.Length > 0)];

    /// <summary>Equal when the name and the ids (in order) are equal.</summary>
    public bool Equals(IdentityLink? other) => other is not null && Name == other.Name && Ids.SequenceEqual(other.Ids);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Name, Ids.Count);
}

namespace Carapace.Cli.Commands;

/// <summary>One line of <c>memory facts export</c> and <c>import</c>: the fact, its category and when it was said (the id is informational).</summary>
public sealed record FactLine(string? Text, string? Category, DateTimeOffset? CreatedAt, string? Id = null);

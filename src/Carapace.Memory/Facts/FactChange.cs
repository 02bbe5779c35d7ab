namespace Carapace.Memory.Facts;

/// <summary>One validated change a capture (or a tool) applies: add a text, replace a fact's text, or delete a fact.</summary>
public sealed record FactChange(FactEvent Event, string? FactId, string? Text, string? Category = null, DateTimeOffset? CreatedAt = null)
{
    /// <summary>Store a new fact.</summary>
    public static FactChange Add(string text, string? category = null, DateTimeOffset? createdAt = null) => new(FactEvent.Add, null, text, category, createdAt);

    /// <summary>Replace the text of <paramref name="factId"/>.</summary>
    public static FactChange Update(string factId, string text) => new(FactEvent.Update, factId, text);

    /// <summary>Delete <paramref name="factId"/> (its old text stays in history).</summary>
    public static FactChange Delete(string factId) => new(FactEvent.Delete, factId, null);
}

namespace Carapace.Core.Sessions;

/// <summary>A message that starts with a reset trigger: which trigger, and the text that follows it (empty for a bare trigger).</summary>
/// <param name="Trigger">The trigger as configured, e.g. <c>/new</c>.</param>
/// <param name="Body">What the user wrote after the trigger, trimmed; this becomes the first message of the new session.</param>
public sealed record ResetTriggerMatch(string Trigger, string Body)
{
    /// <summary>
    /// Matches the trimmed body case-insensitively: an exact trigger leaves an empty body; a trigger followed by white space
    /// keeps the rest (<c>/new hello</c> keeps <c>hello</c>); anything else (<c>/newer</c>) is no match.
    /// </summary>
    public static ResetTriggerMatch? Parse(string? body, IReadOnlyList<string> triggers)
    {
        ArgumentNullException.ThrowIfNull(triggers);
        var text = body?.Trim() ?? "";
        foreach (var trigger in triggers)
        {
            var word = trigger.Trim();
            if (word.Length == 0 || !text.StartsWith(word, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (text.Length == word.Length)
            {
                return new ResetTriggerMatch(word, "");
            }

            if (char.IsWhiteSpace(text[word.Length]))
            {
                return new ResetTriggerMatch(word, text[word.Length..].Trim());
            }
        }

        return null;
    }
}

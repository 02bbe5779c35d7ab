namespace Carapace.Memory.Bench.Locomo;

/// <summary>One LoCoMo sample: its sessions (dated turns), questions with evidence, and observation facts.</summary>
internal sealed record LocomoConversation(string Id, IReadOnlyList<LocomoSession> Sessions, IReadOnlyList<LocomoQuestion> Questions, IReadOnlyList<LocomoFact> Observations)
{
    /// <summary>Every dialogue id that exists in the conversation.</summary>
    public HashSet<string> DiaIds() => Sessions.SelectMany(s => s.Turns).Select(t => t.DiaId).ToHashSet(StringComparer.Ordinal);
}

/// <summary>A session: its number, when it happened, and its turns.</summary>
internal sealed record LocomoSession(int Number, DateTime At, string DateText, IReadOnlyList<LocomoTurn> Turns);

/// <summary>A turn; <see cref="Caption"/> describes a shared image.</summary>
internal sealed record LocomoTurn(string DiaId, string Speaker, string Text, string? Caption);

/// <summary>A question, its official category (1 multi-hop, 2 temporal, 3 open-domain, 4 single-hop, 5 adversarial) and evidence ids.</summary>
internal sealed record LocomoQuestion(string Question, int Category, IReadOnlyList<string> Evidence);

/// <summary>An observation fact with the dialogue ids it came from.</summary>
internal sealed record LocomoFact(int Session, string Speaker, string Fact, IReadOnlyList<string> DiaIds);

namespace Carapace.Memory.Tools;

/// <summary>The system-prompt paragraph that makes the model use its memory: look things up before answering, write down what should last.</summary>
public static class MemoryPrompt
{
    /// <summary>Added to the system prompt whenever the memory tools are offered.</summary>
    public const string Guidance =
        "## Memory\n" +
        "You have long-term memory in markdown files: MEMORY.md (curated, lasting facts) and memory/YYYY-MM-DD.md (daily logs). " +
        "Before answering anything about past work, people, preferences, dates, decisions or todos, call memory_search first and " +
        "use memory_get to read more lines around a hit; cite what you use as path#Lstart-Lend. If memory has nothing, say so " +
        "rather than guessing. When something should outlast this conversation (a decision, a preference, a date, a person's " +
        "detail, a promise), write it down with memory_write: target \"daily\" for today's log, \"memory\" for durable facts. " +
        "Write short, dated, self-contained lines; never rewrite or delete what is there.";
}

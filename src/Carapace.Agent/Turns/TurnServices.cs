using Carapace.Agent.Abstractions;
using Carapace.Agent.Compaction;
using Carapace.Agent.Models;
using Carapace.Agent.Prompt;
using Carapace.Core.Sessions;
using Carapace.Sessions.Abstractions;
using Carapace.Sessions.Lifecycle;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Carapace.Agent.Turns;

/// <summary>What a <see cref="TurnPipeline"/> is built from: the stores, the session resolver, models, channels and the optional memory parts.</summary>
public sealed record TurnServices
{
    /// <summary>Loads or rotates the session of a message (stage 1) and records its token usage.</summary>
    public required SessionManager Sessions { get; init; }

    /// <summary>Transcripts, for the user line, the history and the reply.</summary>
    public required ITranscriptStore Transcripts { get; init; }

    /// <summary>Model clients by reference.</summary>
    public required ChatClientFactory Models { get; init; }

    /// <summary>Per-agent model, workspace and prompt limits.</summary>
    public required AgentOptions Agents { get; init; }

    /// <summary>Where replies are sent.</summary>
    public required ChannelRegistry Channels { get; init; }

    /// <summary><c>session.sendPolicy</c>: conversations the agent may not answer in; default allows every conversation.</summary>
    public SendPolicy SendPolicy { get; init; } = new();

    /// <summary>Memory recall (stage 2); default recalls nothing.</summary>
    public IMemoryRecall Recall { get; init; } = NoMemoryRecall.Instance;

    /// <summary>Captures durable facts from turns about to be compacted, before every compaction; default does nothing.</summary>
    public IMemoryFlush MemoryFlush { get; init; } = NoMemoryFlush.Instance;

    /// <summary>Tool sources asked for tools every turn; default none.</summary>
    public IReadOnlyList<IToolSource> ToolSources { get; init; } = [];

    /// <summary>Sections added to the system prompt (memory guidance, the /new prelude); default none.</summary>
    public IReadOnlyList<IPromptContributor> PromptContributors { get; init; } = [];

    /// <summary>Hooks run after each completed turn (stage 6); default none.</summary>
    public IReadOnlyList<IPostTurnHook> PostTurnHooks { get; init; } = [];

    /// <summary>The clock; default the system clock.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Loggers; default none.</summary>
    public ILoggerFactory LoggerFactory { get; init; } = NullLoggerFactory.Instance;
}

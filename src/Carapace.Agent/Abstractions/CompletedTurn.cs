using Carapace.Core.Routing;
using Carapace.Sessions.Abstractions;

namespace Carapace.Agent.Abstractions;

/// <summary>A finished turn as post-turn hooks see it: where it happened, what the user said and what was answered.</summary>
public sealed record CompletedTurn(Route Route, string SessionId, string UserText, string ReplyText, IReadOnlyList<TranscriptEntry> Appended);

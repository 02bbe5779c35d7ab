using Carapace.Core.Routing;

namespace Carapace.Core.Turns;

/// <summary>The receipt for an accepted message: its route, its durable place in the transcript, and the turn still running.</summary>
public sealed record TurnTicket(Route Route, string SessionId, long TranscriptSeq, Task<TurnOutcome> Completion);

using Carapace.Sessions.Abstractions;

namespace Carapace.Agent.Compaction;

/// <summary>A compaction that happened: how many messages the summary replaced, where the kept lines start, and the session after it.</summary>
internal sealed record CompactionResult(int Summarised, long FirstKeptSeq, SessionEntry Session);

using Carapace.Channels.CrabCallr.Wire;

namespace Carapace.Voice.Relay.Caller;

/// <summary>A frame the simulated voice agent received, with the <see cref="TimeProvider.GetTimestamp"/> of its arrival for latency figures.</summary>
public sealed record ReceivedFrame(Frame Frame, long ReceivedAt);

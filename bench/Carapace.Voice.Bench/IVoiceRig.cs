using Carapace.Voice.Relay.Caller;

namespace Carapace.Voice.Bench;

/// <summary>A running phone path the measurements call into: the channel alone, or the whole gateway behind it.</summary>
internal interface IVoiceRig : IAsyncDisposable
{
    /// <summary>A connected simulated voice agent, once the agent host is connected to the relay.</summary>
    Task<VoiceCaller> CallerAsync(string agentId);
}

using Carapace.Core.Channels;

namespace Carapace.Gateway.Health;

/// <summary>The body of <c>/health</c>: whether the gateway is up and usable, read by <c>chat /status</c> and <c>doctor</c>.</summary>
public sealed record HealthReport(
    string Status,
    string Version,
    double UptimeSeconds,
    bool ModelConfigured,
    string? Model,
    IReadOnlyList<ChannelStatus> Channels);

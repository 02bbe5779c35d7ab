using System.Reflection;
using Carapace.Core.Channels;
using Carapace.Gateway.Hosting;

namespace Carapace.Gateway.Health;

/// <summary><c>/health</c>: status, version, uptime, whether a model is configured, and each channel's status. Holds no secrets.</summary>
internal sealed class HealthEndpoint(CarapaceSettings settings, IEnumerable<IChannelAdapter> channels, TimeProvider time)
{
    private static readonly string Version =
        typeof(HealthEndpoint).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";

    private readonly long _startedAt = time.GetTimestamp();

    public HealthReport Report() => new(
        "ok",
        Version,
        Math.Round(time.GetElapsedTime(_startedAt).TotalSeconds, 3),
        settings.Model is not null,
        settings.Model,
        [.. channels.Select(c => c.GetService(typeof(ChannelStatus)) as ChannelStatus ?? new ChannelStatus(c.Channel, "default", false, 0, 0, "the channel does not report its status"))]);
}

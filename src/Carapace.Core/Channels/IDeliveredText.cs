using Carapace.Core.Messages;

namespace Carapace.Core.Channels;

/// <summary>
/// Offered (through <see cref="IChannelAdapter.GetService"/>) by channels that know how much of a reply actually reached
/// the person, e.g. the sentences spoken on a call before the caller interrupted, so the transcript records only that.
/// </summary>
public interface IDeliveredText
{
    /// <summary>The reply text that reached the conversation of <paramref name="target"/> for its message; empty when nothing did.</summary>
    string GetDeliveredText(DeliveryTarget target);
}

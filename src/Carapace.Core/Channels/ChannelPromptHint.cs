namespace Carapace.Core.Channels;

/// <summary>
/// Text a channel asks to have added to the system prompt of its conversations (e.g. "this is read aloud on a phone
/// call"), asked for through <see cref="IChannelAdapter.GetService"/> so the agent never checks channel names.
/// </summary>
public sealed record ChannelPromptHint(string Text);

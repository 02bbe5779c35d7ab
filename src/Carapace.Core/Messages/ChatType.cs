namespace Carapace.Core.Messages;

/// <summary>What kind of conversation a message belongs to; decides session shape and what memory may reach it.</summary>
public enum ChatType
{
    /// <summary>A one-to-one conversation with a single person.</summary>
    Direct,

    /// <summary>A group chat with several people.</summary>
    Group,

    /// <summary>A channel or room (Discord channel, Slack channel); treated like a group for privacy.</summary>
    Channel,
}

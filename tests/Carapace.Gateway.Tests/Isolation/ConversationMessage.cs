namespace Carapace.Gateway.Tests.Isolation;

/// <summary>
/// One generated message: who (person 0 is the owner, linked across telegram and discord), where (channel, account,
/// a direct chat or one of two groups) and whether the model is made to search memory for it.
/// </summary>
internal sealed record ConversationMessage(int Case, int Person, int Channel, bool Work, bool Group, int GroupNo, bool Search)
{
    public const string CanaryPrefix = "CNRY";

    /// <summary>The person's id on every channel; unique per generated case so cases never share sessions.</summary>
    public string PeerId => $"p{Person}c{Case}";

    /// <summary>The group's id, unique per case.</summary>
    public string GroupId => $"g{GroupNo}c{Case}";

    /// <summary>A token no other message carries, ending in Q so it can be cut out of any prompt.</summary>
    public string Canary(int index) => $"{CanaryPrefix}{Case}X{index}Q";
}

namespace Carapace.Core.Turns;

/// <summary>How a turn ended: the reply text delivered (possibly partial if interrupted) and why it stopped.</summary>
public sealed record TurnOutcome(string ReplyText, TurnEnd End);

/// <summary>Why a turn stopped.</summary>
public enum TurnEnd
{
    /// <summary>The model answered and the whole reply was delivered.</summary>
    Completed,

    /// <summary>A newer message in the same conversation cancelled the turn (barge-in).</summary>
    Interrupted,

    /// <summary>The model failed; an apology was delivered instead.</summary>
    Failed,

    /// <summary>No model is configured; the reply says how to configure one.</summary>
    NoModel,

    /// <summary>The send policy denied a reply in this conversation.</summary>
    Denied,

    /// <summary>The message was a command (/new, /status …) handled without the model.</summary>
    Command,
}

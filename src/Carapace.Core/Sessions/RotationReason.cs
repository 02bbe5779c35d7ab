namespace Carapace.Core.Sessions;

/// <summary>Why a session key got a new session id; a rotation is never silent, so the reply can say why.</summary>
public enum RotationReason
{
    /// <summary>The key was never seen before.</summary>
    New,

    /// <summary>The user sent a reset trigger such as <c>/new</c> or <c>/reset</c>.</summary>
    Trigger,

    /// <summary>The daily reset hour passed since the session started.</summary>
    Daily,

    /// <summary>The session was idle longer than the configured minutes.</summary>
    Idle,

    /// <summary>Someone reset the key from outside the conversation (the CLI).</summary>
    Manual,
}

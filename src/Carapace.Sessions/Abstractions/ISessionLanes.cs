namespace Carapace.Sessions.Abstractions;

/// <summary>Finds the lane of a session key, as a grain factory finds a grain; callers never manage lane lifetimes.</summary>
public interface ISessionLanes
{
    /// <summary>The lane of a key; two calls with the same key share one queue.</summary>
    ISessionLane Get(string sessionKey);
}

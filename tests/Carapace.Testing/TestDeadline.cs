namespace Carapace.Testing;

/// <summary>A cancellation token that fires after 30 s, so a broken test fails instead of hanging the run.</summary>
public static class TestDeadline
{
    /// <summary>A fresh token that cancels 30 seconds from now.</summary>
    public static CancellationToken Token() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;
}

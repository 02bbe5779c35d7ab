namespace Carapace.Memory.Facts;

/// <summary>The model's capture answer was unusable (not JSON, wrong shape, unknown ids); the job is retried once, then skipped.</summary>
public sealed class CaptureOutputException(string message) : Exception(message);

using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.AI;

namespace Carapace.Agent.Models;

/// <summary>
/// The answer to "which model does this agent use": a ready client, or one line saying why there is none and how to
/// configure one, so a gateway without a model still starts and tells the user what to do.
/// </summary>
public sealed record ModelResolution
{
    /// <summary>The reply for a gateway with no model: what to set, where, and where to read more.</summary>
    public const string NoModelMessage =
        "No model is configured: set agents.defaults.model (e.g. \"openai/gpt-4o-mini\") in ~/.carapace/carapace.json or the " +
        "CARAPACE_MODEL environment variable, plus the provider's key (e.g. OPENAI_API_KEY); see \"Configure a model\" in README.md.";

    /// <summary>The client, wrapped with retries and timeouts; null when no model is usable.</summary>
    public IChatClient? Client { get; init; }

    /// <summary>The model the client talks to.</summary>
    public ModelReference? Reference { get; init; }

    /// <summary>Why no client is available and how to fix it; null when configured.</summary>
    public string? Problem { get; init; }

    /// <summary>True when <see cref="Client"/> can be used.</summary>
    [MemberNotNullWhen(true, nameof(Client), nameof(Reference))]
    [MemberNotNullWhen(false, nameof(Problem))]
    public bool IsConfigured => Client is not null;

    /// <summary>A resolution without a client.</summary>
    public static ModelResolution NotConfigured(string problem) => new() { Problem = problem };
}

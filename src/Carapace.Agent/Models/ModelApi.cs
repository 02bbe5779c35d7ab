namespace Carapace.Agent.Models;

/// <summary>The wire protocol a model provider speaks; decides which client library talks to it.</summary>
public enum ModelApi
{
    /// <summary>OpenAI chat completions, also spoken by Ollama <c>/v1</c>, vLLM, llama.cpp server and LM Studio.</summary>
    OpenAi,

    /// <summary>The Anthropic Messages API.</summary>
    Anthropic,
}

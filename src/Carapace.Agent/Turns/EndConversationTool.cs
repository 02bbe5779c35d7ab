using System.ComponentModel;
using Microsoft.Extensions.AI;

namespace Carapace.Agent.Turns;

/// <summary>
/// The <c>end_call</c> tool, offered only on channels that can end a conversation (phone calls): the agent's final
/// words of this turn go out as the last utterance and the call hangs up after them.
/// </summary>
internal static class EndConversationTool
{
    /// <summary>The tool name the model sees.</summary>
    public const string Name = "end_call";

    private const string Description =
        "Hang up the phone call after your reply. Use it when the caller says goodbye or asks to end the call; " +
        "write a brief goodbye as your reply (or nothing if you already said it).";

    /// <summary>A tool bound to one turn's reply.</summary>
    public static AIFunction For(ReplyStream reply) => AIFunctionFactory.Create(
        [Description(Description)] () =>
        {
            reply.RequestEnd();
            return "The call ends after your reply.";
        },
        Name,
        Description);
}

namespace Carapace.Channels.CrabCallr.Wire;

/// <summary>What <see cref="FrameSocket.ReceiveAsync"/> read: a text message (<see cref="Data"/>), a close (<see cref="CloseCode"/>), or a skipped frame.</summary>
public readonly record struct SocketMessage(ReadOnlyMemory<byte>? Data, int? CloseCode, string? CloseReason, bool TooLarge);

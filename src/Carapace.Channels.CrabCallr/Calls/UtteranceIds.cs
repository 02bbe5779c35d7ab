using System.Globalization;

namespace Carapace.Channels.CrabCallr.Calls;

/// <summary>Utterance ids as the original plugin writes them: <c>oc_&lt;turn:3&gt;_&lt;index:3&gt;</c>, <c>oc_ext_&lt;ms&gt;</c> out of band.</summary>
internal static class UtteranceIds
{
    public static string Format(int turn, int index) =>
        string.Create(CultureInfo.InvariantCulture, $"oc_{turn:D3}_{index:D3}");

    public static string OutOfBand(long unixMs) =>
        string.Create(CultureInfo.InvariantCulture, $"oc_ext_{unixMs}");
}

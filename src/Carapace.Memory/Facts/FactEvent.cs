namespace Carapace.Memory.Facts;

/// <summary>What happened to a fact, as recorded in its history.</summary>
public enum FactEvent
{
    /// <summary>Stored.</summary>
    Add,

    /// <summary>Text replaced.</summary>
    Update,

    /// <summary>Removed because newer information contradicted it; the old text stays in history.</summary>
    Delete,

    /// <summary>Removed on request; its text is wiped from the fact and every history row.</summary>
    Forget,
}

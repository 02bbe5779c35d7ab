namespace Carapace.Memory.Embeddings.Static;

/// <summary>What a static table was distilled from and how, so a table from another model, vocabulary or weighting is never used.</summary>
/// <param name="SourceModel">The transformer distilled (plus the vocabulary subset, if any).</param>
/// <param name="Weighting">The token weighting applied (<see cref="StaticWeighting.Name"/>).</param>
/// <param name="VocabularySize">Rows in the table.</param>
/// <param name="Dimensions">Values per row.</param>
/// <param name="VocabularyHash">SHA-256 of the vocabulary, hex.</param>
internal sealed record StaticTableHeader(string SourceModel, string Weighting, int VocabularySize, int Dimensions, string VocabularyHash);

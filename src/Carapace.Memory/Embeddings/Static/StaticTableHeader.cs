namespace Carapace.Memory.Embeddings.Static;

/// <summary>What a static table was distilled from and how, so a table from another model, vocabulary or recipe is never used.</summary>
/// <param name="SourceModel">The transformer distilled (plus the vocabulary subset, if any).</param>
/// <param name="Recipe">How the vectors were pooled and weighted (<see cref="StaticRecipe.Name"/>).</param>
/// <param name="VocabularySize">Rows in the table.</param>
/// <param name="Dimensions">Values per row.</param>
/// <param name="VocabularyHash">SHA-256 of the vocabulary, hex.</param>
internal sealed record StaticTableHeader(string SourceModel, string Recipe, int VocabularySize, int Dimensions, string VocabularyHash);

namespace Carapace.Memory.Embeddings;

/// <summary>The sentence-embedding models that ship inside NuGet packages (or are distilled from one) and run in-process with no network.</summary>
public enum LocalEmbeddingModel
{
    /// <summary>sentence-transformers/all-MiniLM-L6-v2 (384 dims), a general-purpose symmetric model.</summary>
    MiniLm,

    /// <summary>Snowflake/snowflake-arctic-embed-xs (384 dims), trained for retrieval; queries get an instruction prefix.</summary>
    ArcticXs,

    /// <summary>
    /// A static (model2vec-style) model distilled locally from Arctic-XS: one vector per vocabulary token, summed per
    /// text, so indexing is hundreds of times faster at some cost in recall. See <see cref="Static.StaticEmbeddingGenerator"/>.
    /// </summary>
    ArcticXsStatic,
}

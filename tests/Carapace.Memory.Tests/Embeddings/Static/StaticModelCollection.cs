namespace Carapace.Memory.Tests.Embeddings.Static;

/// <summary>The static model tests share one distilled table, so the transformer is loaded once.</summary>
[CollectionDefinition(Name)]
public sealed class StaticModelCollection : ICollectionFixture<StaticTableFixture>
{
    public const string Name = "static model";
}

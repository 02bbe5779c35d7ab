using Carapace.Memory.Embeddings.Static;

namespace Carapace.Memory.Tests.Embeddings.Static;

/// <summary>One real distillation of a small vocabulary subset, shared by the static model tests (the transformer loads once).</summary>
public sealed class StaticTableFixture : IAsyncLifetime
{
    public static readonly string[] Texts =
    [
        "I adopted a puppy last week",
        "Last week I adopted a small puppy from the shelter",
        "The quarterly tax filing is due on Friday",
    ];

    private readonly TempDir _dir = new();

    internal string TablePath => Path.Combine(_dir.Path, "models", StaticEmbeddingGenerator.FileName);

    internal ListLogger Log { get; } = new();

    public async Task InitializeAsync()
    {
        using var generator = Create(TablePath, Log);
        await generator.LoadAsync(CancellationToken.None);
    }

    public Task DisposeAsync()
    {
        _dir.Dispose();
        return Task.CompletedTask;
    }

    internal static StaticEmbeddingGenerator Create(string path, ListLogger? log = null, StaticRecipe? recipe = null) =>
        new(path, Texts, recipe ?? new StaticRecipe(), log, null);
}

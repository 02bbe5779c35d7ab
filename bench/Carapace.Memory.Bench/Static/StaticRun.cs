using System.Diagnostics;
using Carapace.Memory.Bench.Locomo;
using Carapace.Memory.Bench.Speed;
using Carapace.Memory.Embeddings;
using Carapace.Memory.Embeddings.Static;
using Microsoft.Extensions.AI;

namespace Carapace.Memory.Bench.Static;

/// <summary>
/// The static model end to end: distillation time and table size, raw encoding speed, indexing throughput through the
/// real indexer next to the Arctic-XS transformer (back to back); and LoCoMo dialog recall per distillation recipe.
/// </summary>
internal static class StaticRun
{
    private const int StaticChunks = 2_000;
    private const int TransformerChunks = 100;

    public static readonly (string Name, StaticRecipe Recipe)[] Recipes =
    [
        ("mean pooling, centred, SIF 1e-3 (shipped)", new StaticRecipe()),
        ("mean pooling, centred, SIF 1e-4", new StaticRecipe(SifCoefficient: 1e-4)),
        ("mean pooling, centred, SIF 3e-3", new StaticRecipe(SifCoefficient: 3e-3)),
        ("mean pooling, centred, SIF 1e-2", new StaticRecipe(SifCoefficient: 1e-2)),
        ("mean pooling, centred, no SIF", new StaticRecipe(SifCoefficient: 0)),
        ("[CLS] pooling, centred, SIF 1e-3", new StaticRecipe(MeanPooling: false)),
        ("[CLS] pooling, centred, SIF 1e-4", new StaticRecipe(MeanPooling: false, SifCoefficient: 1e-4)),
        ("[CLS] pooling, centred, no SIF", new StaticRecipe(MeanPooling: false, SifCoefficient: 0)),
        ("[CLS] pooling, SIF 1e-4, not centred", new StaticRecipe(MeanPooling: false, Center: false, SifCoefficient: 1e-4)),
        ("[CLS] pooling, raw", new StaticRecipe(MeanPooling: false, Center: false, SifCoefficient: 0)),
    ];

    public static async Task<int> RunAsync(TextWriter output, CancellationToken cancellationToken)
    {
        output.WriteLine($"nproc {Environment.ProcessorCount}, {DateTime.UtcNow:yyyy-MM-dd}");
        var models = Directory.CreateTempSubdirectory("carapace-static-");
        try
        {
            using var generator = new StaticEmbeddingGenerator(models.FullName);
            var clock = Stopwatch.StartNew();
            await generator.GenerateAsync(["warm up"], cancellationToken: cancellationToken);
            var bytes = new FileInfo(Path.Combine(models.FullName, StaticEmbeddingGenerator.FileName)).Length;
            output.WriteLine($"distillation (full vocabulary, first use): {clock.Elapsed.TotalSeconds:0.0} s; table {bytes / 1048576.0:0.0} MB");
            clock.Restart();
            using (var reloaded = new StaticEmbeddingGenerator(models.FullName))
            {
                await reloaded.GenerateAsync(["warm up"], cancellationToken: cancellationToken);
            }

            output.WriteLine($"reload of the stored table: {clock.Elapsed.TotalMilliseconds:0} ms");
            var random = new Random(3);
            var texts = Enumerable.Range(0, 20_000).Select(_ => SyntheticNotes.Words(random, 12 + random.Next(24))).ToArray();
            clock.Restart();
            await generator.GenerateAsync(texts, cancellationToken: cancellationToken);
            output.WriteLine($"encoding: {texts.Length / clock.Elapsed.TotalSeconds:0} texts/s ({texts.Average(t => t.Length):0} chars each)");

            var id = "local:" + LocalEmbeddingGenerator.ModelId(LocalEmbeddingModel.ArcticXsStatic);
            await SpeedRun.ThroughputAsync(generator, id, StaticChunks, output, cancellationToken);
            using var transformer = new LocalEmbeddingGenerator(LocalEmbeddingModel.ArcticXs);
            await SpeedRun.ThroughputAsync(transformer, "local:" + LocalEmbeddingGenerator.ModelId(LocalEmbeddingModel.ArcticXs), TransformerChunks, output, cancellationToken);
        }
        finally
        {
            models.Delete(recursive: true);
        }

        return 0;
    }

    /// <summary>LoCoMo dialog recall (default ranking) of a static model distilled with each recipe.</summary>
    public static async Task<int> RecipesAsync(string locomoPath, TextWriter output, CancellationToken cancellationToken)
    {
        var models = Directory.CreateTempSubdirectory("carapace-static-").FullName;
        var conversations = await LocomoLoader.LoadAsync(locomoPath, cancellationToken);
        using var transformer = new LocalEmbeddingGenerator(LocalEmbeddingModel.ArcticXs);
        output.WriteLine();
        output.WriteLine($"LoCoMo dialog, default ranking, {conversations.Count} conversations: R@5 / R@10 / R@25 / R@50 (overall)");
        for (var w = 0; w < Recipes.Length; w++)
        {
            using var generator = new StaticEmbeddingGenerator(Path.Combine(models, $"recipe-{w}.bin"), null, Recipes[w].Recipe, null, null);
            var embeddings = ((IEmbeddingGenerator<string, Embedding<float>>?)generator, $"local:static-recipe-{w}");
            var result = await LocomoRun.RunCorpusAsync(conversations, "dialog", new Search.MemorySearchOptions(), embeddings, keep: null, LocomoVariants.Parse("default"), cancellationToken);
            output.WriteLine($"{Recipes[w].Name}: {Overall(result.Tables[0])}");
            if (!Recipes[w].Recipe.Center)
            {
                using var split = new TransformerQueries(generator, transformer);
                var mixed = await LocomoRun.RunCorpusAsync(conversations, "dialog", new Search.MemorySearchOptions(), (split, $"local:static-recipe-{w}"), keep: null, LocomoVariants.Parse("default"), cancellationToken);
                output.WriteLine($"{Recipes[w].Name}, queries through the transformer: {Overall(mixed.Tables[0])}");
            }
        }

        Directory.Delete(models, recursive: true);
        return 0;
    }

    private static string Overall(RecallTable table) =>
        string.Join(" / ", Enumerable.Range(0, 4).Select(k => table.Mean(null, k).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture)));
}

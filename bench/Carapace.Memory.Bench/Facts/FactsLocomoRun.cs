using System.Diagnostics;
using System.Globalization;
using Carapace.Core.Memory;
using Carapace.Core.Messages;
using Carapace.Memory.Bench.Locomo;
using Carapace.Memory.Embeddings;
using Carapace.Memory.Facts;

namespace Carapace.Memory.Bench.Facts;

/// <summary>
/// LoCoMo through the fact recall step: each speaker's gold <c>observation</c> facts are stored as that speaker's facts
/// (local embeddings), every question searches both speakers' pools, and evidence recall@k is scored on the dialogue ids
/// the recalled observations came from — the setting of LoCoMo's "Observation" retrieval row (R@5 49.6, R@10 57.1).
/// Also reports the tokens recall injects per turn (top 5) against sending the whole history.
/// </summary>
internal static class FactsLocomoRun
{
    private const int CharsPerToken = 4;

    public static async Task<int> RunAsync(string datasetPath, TextWriter output, CancellationToken cancellationToken)
    {
        var conversations = await LocomoLoader.LoadAsync(datasetPath, cancellationToken);
        using var local = new LocalEmbeddingGenerator(EmbeddingGenerators.DefaultLocalModel);
        var table = new RecallTable();
        var latencies = new List<double>();
        var (injected, history, facts) = (new List<double>(), new List<double>(), 0);
        foreach (var conversation in conversations)
        {
            var dir = Directory.CreateTempSubdirectory("carapace-facts-locomo-");
            try
            {
                var memory = await FactMemory.OpenAsync(
                    Path.Combine(dir.FullName, "main.facts.sqlite"), new FactMemoryOptions(), (local, "local:" + LocalEmbeddingGenerator.ModelId(EmbeddingGenerators.DefaultLocalModel)),
                    null, TimeProvider.System, TimeZoneInfo.Utc, null, cancellationToken);
                try
                {
                    var dias = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
                    var speakers = conversation.Observations.Select(o => o.Speaker).Distinct(StringComparer.Ordinal).ToList();
                    foreach (var speaker in speakers)
                    {
                        var mine = conversation.Observations.Where(o => o.Speaker == speaker).ToList();
                        foreach (var o in mine)
                        {
                            (dias.TryGetValue(o.Fact.Trim(), out var set) ? set : dias[o.Fact.Trim()] = new HashSet<string>(StringComparer.Ordinal)).UnionWith(o.DiaIds);
                        }

                        facts += (await memory.ImportAsync(Scope(speaker), [.. mine.Select(o => FactChange.Add(o.Fact, null, SessionDate(conversation, o.Session)))], cancellationToken)).Count;
                    }

                    var wholeHistory = conversation.Sessions.SelectMany(s => s.Turns).Sum(t => t.Speaker.Length + t.Text.Length + 2) / CharsPerToken;
                    foreach (var question in conversation.Questions.Where(q => q.Evidence.Count > 0))
                    {
                        var started = Stopwatch.GetTimestamp();
                        var hits = new List<FactHit>();
                        foreach (var speaker in speakers)
                        {
                            hits.AddRange(await memory.SearchAsync(Scope(speaker), question.Question, RecallScorer.Ks[^1], 0, cancellationToken));
                        }

                        latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                        var ranked = hits.OrderByDescending(h => h.Score).ToList();
                        var snippets = ranked.Select(h => $"[{string.Join(' ', dias.GetValueOrDefault(h.Fact.Text) ?? [])}] {h.Fact.Text}").ToList();
                        table.Add(question.Category, RecallScorer.Ks.Select(k => RecallScorer.Recall(question.Evidence, snippets, k)!.Value).ToArray());
                        var block = ranked.Where(h => h.Score >= memory.Options.Recall.MinScore).Take(memory.Options.Recall.TopK).Sum(h => h.Fact.Text.Length + 16);
                        injected.Add((double)block / CharsPerToken);
                        history.Add(wholeHistory);
                    }
                }
                finally
                {
                    await memory.DisposeAsync();
                }
            }
            finally
            {
                dir.Delete(recursive: true);
            }
        }

        latencies.Sort();
        output.WriteLine(table.Format("fact recall, gold observations", null));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{conversations.Count} conversations, {facts} facts; search over both speakers p50 {latencies[latencies.Count / 2]:0.0} ms, p95 {latencies[(int)(latencies.Count * 0.95)]:0.0} ms"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"tokens injected per turn (topK 5, minScore 0.3): mean {injected.Average():0} vs whole history {history.Average():0}"));
        return 0;
    }

    private static MemoryScope Scope(string speaker) => MemoryScope.For("main", speaker.ToLowerInvariant(), isOwner: false, ChatType.Direct, "agent:main:locomo", null);

    private static DateTimeOffset? SessionDate(LocomoConversation conversation, int session) =>
        conversation.Sessions.FirstOrDefault(s => s.Number == session) is { } s ? new DateTimeOffset(DateTime.SpecifyKind(s.At, DateTimeKind.Utc)) : null;
}

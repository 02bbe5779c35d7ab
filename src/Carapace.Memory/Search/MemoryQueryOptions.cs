using Carapace.Core.Config;

namespace Carapace.Memory.Search;

/// <summary>
/// Ranking knobs with OpenClaw's defaults: 6 results, minScore 0.35, hybrid 0.7 vector / 0.3 keyword, 4× candidates,
/// MMR λ 0.7 and a 30-day half-life for dated logs; ours on top: bm25 re-saturated with c = 30 and a lift for the days a
/// query names, both chosen on LoCoMo (dialog recall@10 71.1 → 77.0, docs/benchmarks.md). MMR and decay are off by
/// default, as in OpenClaw's April release: on LoCoMo, decay cut dialog recall@10 from 64 to 18 (old but relevant logs
/// sink) and MMR did not help (docs/benchmarks.md).
/// </summary>
public sealed record MemoryQueryOptions
{
    /// <summary>Results returned when the caller gives no maxResults. Default 6.</summary>
    public int MaxResults { get; init; } = 6;

    /// <summary>Results below this score are dropped (exact keyword hits excepted). Default 0.35.</summary>
    public double MinScore { get; init; } = 0.35;

    /// <summary>Combine vector and keyword scores; false uses vectors only when available. Default true.</summary>
    public bool Hybrid { get; init; } = true;

    /// <summary>Weight of the vector score. Default 0.7.</summary>
    public double VectorWeight { get; init; } = 0.7;

    /// <summary>Weight of the keyword score. Default 0.3.</summary>
    public double TextWeight { get; init; } = 0.3;

    /// <summary>Candidates per leg = maxResults × this (capped at 200). Default 4.</summary>
    public int CandidateMultiplier { get; init; } = 4;

    /// <summary>c in the keyword score |r|/(c+|r|) of a bm25 rank r (OpenClaw uses 1). Default 30 (see <see cref="ScoreFusion"/>).</summary>
    public double KeywordSaturation { get; init; } = 30;

    /// <summary>How much a daily log gains when the query names its day or month: the score's distance to 1 is divided
    /// by (1 + this); 0 is off. Default 1.</summary>
    public double DateBoost { get; init; } = 1;

    /// <summary>Reorder for diversity (maximal marginal relevance). Default false.</summary>
    public bool Mmr { get; init; }

    /// <summary>MMR trade-off: 1 is pure relevance. Default 0.7.</summary>
    public double MmrLambda { get; init; } = 0.7;

    /// <summary>Lower the scores of older daily logs. Default false.</summary>
    public bool TemporalDecay { get; init; }

    /// <summary>Days for a dated log's score to halve. Default 30.</summary>
    public double HalfLifeDays { get; init; } = 30;

    /// <summary>Reads <c>query.*</c> (OpenClaw's layout: <c>maxResults</c>, <c>minScore</c>, <c>hybrid.{enabled, vectorWeight,
    /// textWeight, candidateMultiplier, mmr, temporalDecay}</c>; ours: <c>hybrid.keywordSaturation</c>, <c>dateBoost</c>).</summary>
    public static MemoryQueryOptions Bind(ConfigSection section)
    {
        var d = new MemoryQueryOptions();
        var hybrid = section["hybrid"];
        var vector = hybrid["vectorWeight"].AsDouble(d.VectorWeight, 0, 1);
        var text = hybrid["textWeight"].AsDouble(d.TextWeight, 0, 1);
        if (vector + text <= 0)
        {
            hybrid.Error("vectorWeight and textWeight are both 0; give at least one a positive weight");
            (vector, text) = (d.VectorWeight, d.TextWeight);
        }

        return new MemoryQueryOptions
        {
            MaxResults = section["maxResults"].AsInt(d.MaxResults, 1, 200),
            MinScore = section["minScore"].AsDouble(d.MinScore, 0, 1),
            Hybrid = hybrid["enabled"].AsBool(d.Hybrid),
            VectorWeight = vector / (vector + text),
            TextWeight = text / (vector + text),
            CandidateMultiplier = hybrid["candidateMultiplier"].AsInt(d.CandidateMultiplier, 1, 50),
            Mmr = hybrid["mmr"]["enabled"].AsBool(d.Mmr),
            MmrLambda = hybrid["mmr"]["lambda"].AsDouble(d.MmrLambda, 0, 1),
            KeywordSaturation = hybrid["keywordSaturation"].AsDouble(d.KeywordSaturation, 0.01, 1000),
            DateBoost = section["dateBoost"].AsDouble(d.DateBoost, 0, 10),
            TemporalDecay = hybrid["temporalDecay"]["enabled"].AsBool(d.TemporalDecay),
            HalfLifeDays = hybrid["temporalDecay"]["halfLifeDays"].AsDouble(d.HalfLifeDays, 1, 36500),
        };
    }
}

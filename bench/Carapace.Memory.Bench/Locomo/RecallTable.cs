using System.Globalization;
using System.Text;

namespace Carapace.Memory.Bench.Locomo;

/// <summary>Mean recall@k per official LoCoMo category and overall (all five categories, as LoCoMo's own table).</summary>
internal sealed class RecallTable
{
    public static readonly string[] CategoryNames = ["", "multi-hop", "temporal", "open-domain", "single-hop", "adversarial"];

    private readonly Dictionary<int, List<double[]>> _rows = [];

    public int Questions => _rows.Values.Sum(r => r.Count);

    public void Add(int category, double[] recalls)
    {
        if (!_rows.TryGetValue(category, out var list))
        {
            _rows[category] = list = [];
        }

        list.Add(recalls);
    }

    public double Mean(int? category, int kIndex)
    {
        var rows = category is { } c ? _rows.GetValueOrDefault(c) ?? [] : _rows.Values.SelectMany(r => r).ToList();
        return rows.Count == 0 ? double.NaN : 100 * rows.Average(r => r[kIndex]);
    }

    public string Format(string title, double[]? baseline)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"| {title} | n | R@5 | R@10 | R@25 | R@50 |\n|---|---|---|---|---|---|\n");
        foreach (var category in _rows.Keys.Order())
        {
            text.Append(CultureInfo.InvariantCulture, $"| {category} {CategoryNames[category]} | {_rows[category].Count} | {Row(category)} |\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"| **overall** | {Questions} | {Row(null)} |\n");
        if (baseline is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"| DRAGON (LoCoMo paper) | | {string.Join(" | ", baseline.Select(b => b.ToString("0.0", CultureInfo.InvariantCulture)))} |\n");
        }

        return text.ToString();
    }

    /// <summary>One line: overall R@5/10/25/50, then R@10 of each category.</summary>
    public string Summary() =>
        string.Join(" / ", Enumerable.Range(0, RecallScorer.Ks.Length).Select(k => Mean(null, k).ToString("0.0", CultureInfo.InvariantCulture)))
        + " | " + string.Join(" / ", _rows.Keys.Order().Select(c => Mean(c, 1).ToString("0.0", CultureInfo.InvariantCulture)));

    private string Row(int? category) =>
        string.Join(" | ", Enumerable.Range(0, RecallScorer.Ks.Length).Select(k => Mean(category, k).ToString("0.0", CultureInfo.InvariantCulture)));
}

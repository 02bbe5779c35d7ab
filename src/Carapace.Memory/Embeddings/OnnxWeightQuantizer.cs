using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Carapace.Memory.Embeddings;

/// <summary>
/// Dynamic int8 quantization of a transformer's ONNX graph, done in-process: every <c>MatMul</c> whose right-hand side
/// is a 2-D float weight becomes ONNX Runtime's <c>com.microsoft.DynamicQuantizeMatMul</c> with one-byte weights (one
/// scale per output column), and the bias <c>Add</c> that follows it, when there is exactly one, is folded in.
/// Products that read the same input (an attention layer's query, key and value) become one product over the weights
/// side by side, then a <c>Split</c>: the input is quantized once and the matrix product is wider. The activations are
/// quantized per call by the operator itself. The graph's inputs, outputs and every other node stay as they are.
/// </summary>
internal static class OnnxWeightQuantizer
{
    private const string MicrosoftDomain = "com.microsoft";

    /// <summary>Weights are stored as unsigned bytes around this zero point: values 1..255 for −127..127.</summary>
    private const byte ZeroPoint = 128;

    /// <summary>The quantized graph of <paramref name="model"/> and how many matrix products it converted.</summary>
    public static (byte[] Model, int Converted) Quantize(byte[] model)
    {
        ArgumentNullException.ThrowIfNull(model);
        var proto = ModelProto.Parser.ParseFrom(model);
        var graph = proto.Graph;
        var weights = graph.Initializer.Where(t => t.DataType == (int)TensorProto.Types.DataType.Float && t.Dims.Count is 1 or 2 && t.RawData.Length > 0)
            .ToDictionary(t => t.Name, StringComparer.Ordinal);
        var readers = graph.Node.SelectMany(n => n.Input.Select(input => (input, n))).ToLookup(p => p.input, p => p.n, StringComparer.Ordinal);
        var outputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var products = graph.Node
            .Where(n => n.OpType == "MatMul" && n.Domain.Length == 0 && n.Input.Count == 2 && weights.TryGetValue(n.Input[1], out var w) && w.Dims.Count == 2)
            .Select(n => new Product(n, weights[n.Input[1]], BiasAdd(readers[n.Output[0]].ToList(), n.Output[0], (int)weights[n.Input[1]].Dims[1], weights, outputs)))
            .ToList();

        // Products sharing an input are fused when they agree on rows and on having a folded bias.
        var groups = products.GroupBy(p => p.Node.Input[0], StringComparer.Ordinal)
            .SelectMany(g => g.Count() > 1 && g.Select(p => (p.Weight.Dims[0], p.Bias is null)).Distinct().Count() == 1 ? [g.ToList()] : g.Select(p => new List<Product> { p }))
            .ToList();
        var replaced = new Dictionary<NodeProto, NodeProto[]>();
        var removed = new HashSet<NodeProto>(products.Where(p => p.Bias is not null).Select(p => p.Bias!));
        var splitAsInput = proto.OpsetImport.Any(o => o.Domain.Length == 0 && o.Version >= 13);
        foreach (var group in groups)
        {
            var first = group[0].Node;
            var rows = (int)group[0].Weight.Dims[0];
            var widths = group.Select(p => (int)p.Weight.Dims[1]).ToArray();
            var name = first.Output[0] + (group.Count > 1 ? "/fused" : "") + "/quantized"; // output names are unique; node names may be empty
            var (bytes, scales) = QuantizeColumns(SideBySide(group.Select(p => p.Weight).ToList(), rows), rows, widths.Sum());
            var product = new NodeProto { OpType = "DynamicQuantizeMatMul", Domain = MicrosoftDomain, Name = name };
            product.Input.Add(first.Input[0]);
            product.Input.Add(AddInitializer(graph, name + "/int8", TensorProto.Types.DataType.Uint8, [rows, widths.Sum()], bytes));
            product.Input.Add(AddInitializer(graph, name + "/scale", TensorProto.Types.DataType.Float, [widths.Sum()], MemoryMarshal.AsBytes(scales.AsSpan()).ToArray()));
            product.Input.Add(AddInitializer(graph, name + "/zero", TensorProto.Types.DataType.Uint8, [widths.Sum()], Enumerable.Repeat(ZeroPoint, widths.Sum()).ToArray()));
            if (group[0].Bias is not null)
            {
                var bias = group.SelectMany(p => MemoryMarshal.Cast<byte, float>(weights[BiasInput(p)].RawData.Span).ToArray()).ToArray();
                product.Input.Add(AddInitializer(graph, name + "/bias", TensorProto.Types.DataType.Float, [bias.Length], MemoryMarshal.AsBytes(bias.AsSpan()).ToArray()));
            }

            var results = group.Select(p => p.Bias?.Output[0] ?? p.Node.Output[0]).ToList();
            if (group.Count == 1)
            {
                product.Output.Add(results[0]);
                replaced[first] = [product];
            }
            else
            {
                product.Output.Add(name + "/output");
                var split = new NodeProto { OpType = "Split", Name = name + "/split" };
                split.Input.Add(product.Output[0]);
                split.Output.AddRange(results);
                split.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = -1 });
                if (splitAsInput)
                {
                    split.Input.Add(AddInitializer(graph, name + "/widths", TensorProto.Types.DataType.Int64, [widths.Length], MemoryMarshal.AsBytes(widths.Select(w => (long)w).ToArray().AsSpan()).ToArray()));
                }
                else
                {
                    var attribute = new AttributeProto { Name = "split", Type = AttributeProto.Types.AttributeType.Ints };
                    attribute.Ints.AddRange(widths.Select(w => (long)w));
                    split.Attribute.Add(attribute);
                }

                // At the first member's place: its input is ready there, and every result is then produced no later than before.
                replaced[first] = [product, split];
                removed.UnionWith(group.Skip(1).Select(p => p.Node));
            }
        }

        var nodes = graph.Node.Where(n => !removed.Contains(n)).SelectMany(n => replaced.GetValueOrDefault(n) ?? [n]).ToList();
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        var used = nodes.SelectMany(n => n.Input).ToHashSet(StringComparer.Ordinal);
        var kept = graph.Initializer.Where(t => used.Contains(t.Name) || !weights.ContainsKey(t.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(kept);
        if (!proto.OpsetImport.Any(o => o.Domain == MicrosoftDomain))
        {
            proto.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
        }

        return (proto.ToByteArray(), products.Count);
    }

    /// <summary>Row-major <paramref name="weights"/> as bytes around <see cref="ZeroPoint"/>, scaled per column so its largest magnitude is 127.</summary>
    internal static (byte[] Bytes, float[] Scales) QuantizeColumns(ReadOnlySpan<float> weights, int rows, int columns)
    {
        if (weights.Length != rows * columns)
        {
            throw new InvalidDataException($"a {rows}×{columns} weight holds {weights.Length} values");
        }

        var scales = new float[columns];
        for (var i = 0; i < weights.Length; i++)
        {
            scales[i % columns] = MathF.Max(scales[i % columns], MathF.Abs(weights[i]));
        }

        for (var c = 0; c < columns; c++)
        {
            scales[c] = scales[c] > 0 ? scales[c] / 127f : 1f;
        }

        var bytes = new byte[weights.Length];
        for (var i = 0; i < weights.Length; i++)
        {
            bytes[i] = (byte)(ZeroPoint + (int)Math.Clamp(MathF.Round(weights[i] / scales[i % columns]), -127, 127));
        }

        return (bytes, scales);
    }

    /// <summary>The single <c>Add</c> of a 1-D float bias of <paramref name="columns"/> values that is all <paramref name="product"/> feeds, if so.</summary>
    private static NodeProto? BiasAdd(List<NodeProto> readers, string product, int columns, Dictionary<string, TensorProto> weights, HashSet<string> outputs)
    {
        if (readers.Count != 1 || outputs.Contains(product) || readers[0] is not { OpType: "Add", Domain: "" } add || add.Input.Count != 2)
        {
            return null;
        }

        var other = add.Input[0] == product ? add.Input[1] : add.Input[0];
        return weights.TryGetValue(other, out var bias) && bias.Dims.Count == 1 && bias.Dims[0] == columns ? add : null;
    }

    private static string BiasInput(Product product) => product.Bias!.Input[0] == product.Node.Output[0] ? product.Bias.Input[1] : product.Bias.Input[0];

    /// <summary>Row-major weights of equal row counts placed side by side: row r is every weight's row r in turn.</summary>
    private static float[] SideBySide(List<TensorProto> parts, int rows)
    {
        if (parts.Count == 1)
        {
            return MemoryMarshal.Cast<byte, float>(parts[0].RawData.Span).ToArray();
        }

        var widths = parts.Select(p => (int)p.Dims[1]).ToArray();
        var all = new float[rows * widths.Sum()];
        var at = 0;
        for (var r = 0; r < rows; r++)
        {
            for (var p = 0; p < parts.Count; p++)
            {
                MemoryMarshal.Cast<byte, float>(parts[p].RawData.Span).Slice(r * widths[p], widths[p]).CopyTo(all.AsSpan(at));
                at += widths[p];
            }
        }

        return all;
    }

    private static string AddInitializer(GraphProto graph, string name, TensorProto.Types.DataType type, long[] dims, byte[] data)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(data) };
        tensor.Dims.AddRange(dims);
        graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>A weight product, its weight and the bias <c>Add</c> folded into it (null when none).</summary>
    private sealed record Product(NodeProto Node, TensorProto Weight, NodeProto? Bias);
}

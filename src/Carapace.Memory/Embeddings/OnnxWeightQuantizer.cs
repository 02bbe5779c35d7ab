using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace Carapace.Memory.Embeddings;

/// <summary>
/// Dynamic int8 quantization of a transformer's ONNX graph, done in-process: every <c>MatMul</c> whose right-hand side
/// is a 2-D float weight becomes ONNX Runtime's <c>com.microsoft.DynamicQuantizeMatMul</c> with one-byte weights (one
/// scale per output column), and the bias <c>Add</c> that follows it, when there is exactly one, is folded in. The
/// activations are quantized per call by the operator itself. The graph's inputs, outputs and every other node stay
/// as they are.
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
        var consumers = graph.Node.SelectMany(n => n.Input.Select(input => (input, n))).ToLookup(p => p.input, p => p.n, StringComparer.Ordinal);
        var outputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var removed = new HashSet<NodeProto>();
        var replaced = new Dictionary<NodeProto, NodeProto>();
        var converted = new Dictionary<string, string[]>(StringComparer.Ordinal); // weight name → its quantized inputs
        foreach (var node in graph.Node)
        {
            if (node.OpType != "MatMul" || node.Domain.Length > 0 || node.Input.Count != 2
                || !weights.TryGetValue(node.Input[1], out var weight) || weight.Dims.Count != 2)
            {
                continue;
            }

            var (rows, columns) = ((int)weight.Dims[0], (int)weight.Dims[1]);
            if (!converted.TryGetValue(weight.Name, out var inputs))
            {
                var (bytes, scales) = QuantizeColumns(MemoryMarshal.Cast<byte, float>(weight.RawData.Span), rows, columns);
                converted[weight.Name] = inputs =
                [
                    AddInitializer(graph, weight.Name + "/int8", TensorProto.Types.DataType.Uint8, [rows, columns], bytes),
                    AddInitializer(graph, weight.Name + "/scale", TensorProto.Types.DataType.Float, [columns], MemoryMarshal.AsBytes(scales.AsSpan()).ToArray()),
                    AddInitializer(graph, weight.Name + "/zero", TensorProto.Types.DataType.Uint8, [columns], Enumerable.Repeat(ZeroPoint, columns).ToArray()),
                ];
            }

            var quantized = new NodeProto { OpType = "DynamicQuantizeMatMul", Domain = MicrosoftDomain, Name = node.Name + "/quantized" };
            quantized.Input.Add(node.Input[0]);
            quantized.Input.AddRange(inputs);
            var output = node.Output[0];
            if (BiasAdd(consumers[output].ToList(), output, columns, weights, outputs) is { } add)
            {
                quantized.Input.Add(add.Input[0] == output ? add.Input[1] : add.Input[0]);
                output = add.Output[0];
                removed.Add(add);
            }

            quantized.Output.Add(output);
            replaced[node] = quantized;
        }

        var nodes = graph.Node.Where(n => !removed.Contains(n)).Select(n => replaced.GetValueOrDefault(n, n)).ToList();
        graph.Node.Clear();
        graph.Node.AddRange(nodes);
        var stillUsed = nodes.SelectMany(n => n.Input).ToHashSet(StringComparer.Ordinal);
        var kept = graph.Initializer.Where(t => !converted.ContainsKey(t.Name) || stillUsed.Contains(t.Name)).ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(kept);
        if (!proto.OpsetImport.Any(o => o.Domain == MicrosoftDomain))
        {
            proto.OpsetImport.Add(new OperatorSetIdProto { Domain = MicrosoftDomain, Version = 1 });
        }

        return (proto.ToByteArray(), replaced.Count);
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

    private static string AddInitializer(GraphProto graph, string name, TensorProto.Types.DataType type, long[] dims, byte[] data)
    {
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(data) };
        tensor.Dims.AddRange(dims);
        graph.Initializer.Add(tensor);
        return name;
    }
}

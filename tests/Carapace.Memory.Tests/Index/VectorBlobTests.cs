using System.Runtime.InteropServices;
using Carapace.Memory.Index;

namespace Carapace.Memory.Tests.Index;

public sealed class VectorBlobTests
{
    [Theory]
    [InlineData(new[] { 0f, 1f, -1f, 0.5f })]
    [InlineData(new[] { 0.0517f, -0.1234f, 0.0001f })]
    [InlineData(new float[0])]
    public void Encode_ThenDecode_RoundTripsAtHalfPrecisionInHalfTheBytes(float[] vector)
    {
        var blob = VectorBlob.Encode(vector);
        var back = VectorBlob.Decode(blob, vector.Length);

        Assert.Equal(vector.Length * 2, blob.Length);
        Assert.Equal(vector.Length, back.Length);
        for (var i = 0; i < vector.Length; i++)
        {
            Assert.InRange(back[i], vector[i] - Math.Abs(vector[i]) * 1e-3f - 1e-7f, vector[i] + Math.Abs(vector[i]) * 1e-3f + 1e-7f);
        }
    }

    [Fact]
    public void Decode_Float32BlobOfAnEarlierVersion_IsReadExactly()
    {
        float[] vector = [0.123456789f, -0.987654321f, 0.5f];

        var back = VectorBlob.Decode(MemoryMarshal.AsBytes(vector.AsSpan()).ToArray(), 3);

        Assert.Equal(vector, back);
    }

    [Theory]
    [InlineData(5, 3)]
    [InlineData(8, 3)]
    [InlineData(7, 0)]
    public void Decode_WrongLength_NamesBothSizes(int bytes, int dimensions)
    {
        var error = Assert.Throws<InvalidDataException>(() => VectorBlob.Decode(new byte[bytes], dimensions));

        Assert.Contains($"{bytes} bytes", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{dimensions} half", error.Message, StringComparison.Ordinal);
    }
}

using System.Security.Cryptography;
using System.Text;

namespace Carapace.Memory.Embeddings.Static;

/// <summary>
/// The distilled token vectors in half precision, and their file: magic, format version, header, rows, then a
/// SHA-256 of everything before it, so a truncated or corrupted file is detected instead of giving wrong vectors.
/// </summary>
internal sealed class StaticEmbeddingTable
{
    /// <summary>Bumped whenever the layout changes; older files are rebuilt.</summary>
    public const int FormatVersion = 1;

    private static readonly byte[] Magic = "CARAPACE-STATIC\n"u8.ToArray();

    private readonly Half[] _rows;

    private StaticEmbeddingTable(StaticTableHeader header, Half[] rows)
    {
        Header = header;
        _rows = rows;
    }

    /// <summary>What the table holds.</summary>
    public StaticTableHeader Header { get; }

    /// <summary>The vector of token <paramref name="id"/>.</summary>
    public ReadOnlySpan<Half> Row(int id) => _rows.AsSpan(id * Header.Dimensions, Header.Dimensions);

    /// <summary>A table of <paramref name="vectors"/> (row-major, one row per vocabulary id) rounded to half precision.</summary>
    public static StaticEmbeddingTable Create(StaticTableHeader header, float[] vectors)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(vectors);
        if (vectors.Length != header.VocabularySize * header.Dimensions)
        {
            throw new ArgumentException($"{vectors.Length} values do not fill {header.VocabularySize} rows of {header.Dimensions}.", nameof(vectors));
        }

        return new(header, vectors.Select(v => (Half)v).ToArray());
    }

    /// <summary>Writes the table to <paramref name="path"/> through a temporary file, so a crash never leaves half a table.</summary>
    public async Task WriteAsync(string path, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(Magic);
            writer.Write(FormatVersion);
            writer.Write(Header.SourceModel);
            writer.Write(Header.Recipe);
            writer.Write(Header.VocabularySize);
            writer.Write(Header.Dimensions);
            writer.Write(Header.VocabularyHash);
            foreach (var value in _rows)
            {
                writer.Write(value);
            }
        }

        buffer.Write(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        await File.WriteAllBytesAsync(temporary, buffer.ToArray(), cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The table at <paramref name="path"/> if it is intact and matches <paramref name="expected"/>; otherwise why not.</summary>
    public static async Task<(StaticEmbeddingTable? Table, string? Problem)> ReadAsync(string path, StaticTableHeader expected, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(expected);
        if (!File.Exists(path))
        {
            return (null, "it does not exist yet");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        if (bytes.Length < Magic.Length + 32 || !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            return (null, "it is not a Carapace static embedding table");
        }

        if (!SHA256.HashData(bytes.AsSpan(0, bytes.Length - 32)).AsSpan().SequenceEqual(bytes.AsSpan(bytes.Length - 32)))
        {
            return (null, "its checksum does not match (truncated or corrupted)");
        }

        using var reader = new BinaryReader(new MemoryStream(bytes, Magic.Length, bytes.Length - Magic.Length - 32), Encoding.UTF8);
        var version = reader.ReadInt32();
        if (version != FormatVersion)
        {
            return (null, $"it has format version {version}, this build writes {FormatVersion}");
        }

        var header = new StaticTableHeader(reader.ReadString(), reader.ReadString(), reader.ReadInt32(), reader.ReadInt32(), reader.ReadString());
        if (header != expected)
        {
            return (null, $"it was built from {header.SourceModel} ({header.Recipe}, {header.VocabularySize}×{header.Dimensions}), " +
                          $"expected {expected.SourceModel} ({expected.Recipe}, {expected.VocabularySize}×{expected.Dimensions})");
        }

        var remaining = reader.BaseStream.Length - reader.BaseStream.Position;
        if (remaining != 2L * header.VocabularySize * header.Dimensions)
        {
            return (null, $"it holds {remaining} bytes of vectors, expected {2L * header.VocabularySize * header.Dimensions}");
        }

        var rows = new Half[header.VocabularySize * header.Dimensions];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = reader.ReadHalf();
        }

        return (new StaticEmbeddingTable(header, rows), null);
    }
}

using Apache.Arrow;
using Apache.Arrow.Types;
using SlideEmbed.Output;

namespace SlideEmbed.Arrow;

/// <summary>
/// A slide's morphology tokens, <c>&lt;slide_id&gt;.tokens.arrow</c>: one row per tile with <c>slide_id</c>
/// utf8, <c>tile_index</c> int32, <c>x</c>, <c>y</c> and <c>level0_tile_size</c> int64 (level-0 pixels),
/// <c>token</c> int32 and <c>distance</c> float32 (both null for a tile that could not be read). Schema
/// metadata <c>slideembed.provenance</c> records the tile file and the codebook's SHA-256.
/// </summary>
public static class TokensFile
{
    /// <summary>File name suffix.</summary>
    public const string Suffix = ".tokens.arrow";

    /// <summary>Writes the file atomically.</summary>
    /// <param name="path">Target file.</param>
    /// <param name="tokens">The slide's tokens.</param>
    /// <param name="provenance">Provenance JSON.</param>
    public static void Write(string path, SlideTokens tokens, string provenance)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var schema = CohortTables.Schema(
            [
                new Field("slide_id", StringType.Default, nullable: false),
                new Field("tile_index", Int32Type.Default, nullable: false),
                new Field("x", Int64Type.Default, nullable: false),
                new Field("y", Int64Type.Default, nullable: false),
                new Field("level0_tile_size", Int64Type.Default, nullable: false),
                new Field("token", Int32Type.Default, nullable: true),
                new Field("distance", FloatType.Default, nullable: true),
            ],
            new Dictionary<string, string> { [Provenance.MetadataKey] = provenance });
        var ids = new StringArray.Builder();
        var token = new Int32Array.Builder();
        var distance = new FloatArray.Builder();
        for (var i = 0; i < tokens.Count; i++)
        {
            ids.Append(tokens.SlideId);
            if (tokens.Tokens[i] >= 0)
            {
                token.Append(tokens.Tokens[i]);
                distance.Append(tokens.Distances[i]);
            }
            else
            {
                token.AppendNull();
                distance.AppendNull();
            }
        }

        IArrowArray[] columns =
        [
            ids.Build(),
            new Int32Array.Builder().AppendRange(tokens.TileIndex).Build(),
            new Int64Array.Builder().AppendRange(tokens.X).Build(),
            new Int64Array.Builder().AppendRange(tokens.Y).Build(),
            new Int64Array.Builder().AppendRange(tokens.Level0TileSize).Build(),
            token.Build(),
            distance.Build(),
        ];
        CohortTables.Write(path, schema, columns, tokens.Count);
    }

    /// <summary>Reads a tokens file.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Its tokens.</returns>
    /// <exception cref="InvalidDataException">Not a tokens file; the message names the file.</exception>
    public static SlideTokens Read(string path)
    {
        var (_, batches) = CohortTables.ReadAll(path, "a tokens file written by 'slideembed tokens assign'", "tile_index", "token", "distance", "x", "y", "level0_tile_size");
        try
        {
            var slideId = Path.GetFileName(path).Replace(Suffix, string.Empty, StringComparison.Ordinal);
            List<int> index = [], token = [];
            List<long> xs = [], ys = [], sizes = [];
            List<float> distances = [];
            foreach (var batch in batches)
            {
                if (batch.Length > 0)
                {
                    slideId = ((StringArray)batch.Column("slide_id")).GetString(0);
                }

                index.AddRange(((Int32Array)batch.Column("tile_index")).Values.ToArray());
                xs.AddRange(((Int64Array)batch.Column("x")).Values.ToArray());
                ys.AddRange(((Int64Array)batch.Column("y")).Values.ToArray());
                sizes.AddRange(((Int64Array)batch.Column("level0_tile_size")).Values.ToArray());
                var t = (Int32Array)batch.Column("token");
                var d = (FloatArray)batch.Column("distance");
                for (var i = 0; i < batch.Length; i++)
                {
                    token.Add(t.GetValue(i) ?? -1);
                    distances.Add(d.GetValue(i) ?? float.NaN);
                }
            }

            return new SlideTokens(slideId, [.. index], [.. xs], [.. ys], [.. sizes], [.. token], [.. distances]);
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
        }
    }
}

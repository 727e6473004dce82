using Apache.Arrow;
using Apache.Arrow.Types;
using SlideEmbed.Output;

namespace SlideEmbed.Arrow;

/// <summary>
/// The cohort's bag-of-morphology table, <c>token-histograms.arrow</c>: one row per slide with
/// <c>slide_id</c> utf8, <c>tile_count</c> int32 (tiles with a token), <c>counts</c>
/// FixedSizeList&lt;int32&gt;[K] (tiles per token) and <c>histogram</c> FixedSizeList&lt;float32&gt;[K]
/// (counts / tile_count, all zero for a slide without readable tiles). Metadata as for tokens files.
/// </summary>
public static class TokenHistogramFile
{
    /// <summary>Conventional file name.</summary>
    public const string FileName = "token-histograms.arrow";

    /// <summary>Writes the table atomically.</summary>
    /// <param name="path">Target file.</param>
    /// <param name="k">Number of tokens.</param>
    /// <param name="slides">Slide ids and their counts per token (k values each).</param>
    /// <param name="provenance">Provenance JSON.</param>
    public static void Write(string path, int k, IReadOnlyList<(string SlideId, int[] Counts)> slides, string provenance)
    {
        ArgumentNullException.ThrowIfNull(slides);
        var countsType = CohortTables.ListOf(Int32Type.Default, k);
        var histogramType = CohortTables.ListOf(FloatType.Default, k);
        var schema = CohortTables.Schema(
            [
                new Field("slide_id", StringType.Default, nullable: false),
                new Field("tile_count", Int32Type.Default, nullable: false),
                new Field("counts", countsType, nullable: false),
                new Field("histogram", histogramType, nullable: false),
            ],
            new Dictionary<string, string> { [Provenance.MetadataKey] = provenance });
        var ids = new StringArray.Builder();
        var totals = new Int32Array.Builder();
        var counts = new Int32Array.Builder();
        var fractions = new FloatArray.Builder();
        foreach (var (slideId, slideCounts) in slides)
        {
            if (slideCounts.Length != k)
            {
                throw new ArgumentException($"Slide {slideId} has {slideCounts.Length} counts; expected {k}.", nameof(slides));
            }

            var total = slideCounts.Sum();
            ids.Append(slideId);
            totals.Append(total);
            counts.AppendRange(slideCounts);
            foreach (var c in slideCounts)
            {
                fractions.Append(total > 0 ? (float)((double)c / total) : 0f);
            }
        }

        IArrowArray[] columns =
        [
            ids.Build(), totals.Build(),
            new FixedSizeListArray(countsType, slides.Count, counts.Build(), ArrowBuffer.Empty, 0),
            new FixedSizeListArray(histogramType, slides.Count, fractions.Build(), ArrowBuffer.Empty, 0),
        ];
        CohortTables.Write(path, schema, columns, slides.Count);
    }

    /// <summary>Reads the table.</summary>
    /// <param name="path">The file.</param>
    /// <returns>Slide ids and counts per token, in file order.</returns>
    /// <exception cref="InvalidDataException">Not a token histogram table; the message names the file.</exception>
    public static IReadOnlyList<(string SlideId, int[] Counts)> Read(string path)
    {
        var (schema, batches) = CohortTables.ReadAll(path, "a token histogram table written by 'slideembed tokens assign'", "slide_id", "counts");
        try
        {
            var k = ((FixedSizeListType)schema.GetFieldByName("counts").DataType).ListSize;
            var rows = new List<(string, int[])>();
            foreach (var batch in batches)
            {
                var ids = (StringArray)batch.Column("slide_id");
                var list = (FixedSizeListArray)batch.Column("counts");
                var values = ((Int32Array)list.Values).Values;
                for (var i = 0; i < batch.Length; i++)
                {
                    rows.Add((ids.GetString(i), values.Slice((list.Offset + i) * k, k).ToArray()));
                }
            }

            return rows;
        }
        finally
        {
            batches.ForEach(b => b.Dispose());
        }
    }
}

using Apache.Arrow;
using Apache.Arrow.Types;
using SlideEmbed.Tiling;

namespace SlideEmbed.Arrow;

/// <summary>
/// The nine tile-position columns shared by tile tables and tile embedding files, in schema order:
/// slide_id, tile_index, x, y, level0_tile_size, read_level, read_size, target_mpp, tissue_fraction.
/// </summary>
internal static class TileColumns
{
    /// <summary>Adds the nine fields, all non-null, to a schema being built.</summary>
    public static Schema.Builder AddFields(Schema.Builder builder) => builder
        .Field(f => f.Name("slide_id").DataType(StringType.Default).Nullable(false))
        .Field(f => f.Name("tile_index").DataType(Int32Type.Default).Nullable(false))
        .Field(f => f.Name("x").DataType(Int64Type.Default).Nullable(false))
        .Field(f => f.Name("y").DataType(Int64Type.Default).Nullable(false))
        .Field(f => f.Name("level0_tile_size").DataType(Int64Type.Default).Nullable(false))
        .Field(f => f.Name("read_level").DataType(Int32Type.Default).Nullable(false))
        .Field(f => f.Name("read_size").DataType(Int32Type.Default).Nullable(false))
        .Field(f => f.Name("target_mpp").DataType(DoubleType.Default).Nullable(false))
        .Field(f => f.Name("tissue_fraction").DataType(FloatType.Default).Nullable(false));

    /// <summary>The nine columns of the given tiles, in schema order.</summary>
    public static IArrowArray[] Build(string slideId, TileGrid grid, IEnumerable<Tile> tiles)
    {
        var ids = new StringArray.Builder();
        var index = new Int32Array.Builder();
        var xs = new Int64Array.Builder();
        var ys = new Int64Array.Builder();
        var sizes = new Int64Array.Builder();
        var levels = new Int32Array.Builder();
        var readSizes = new Int32Array.Builder();
        var mpps = new DoubleArray.Builder();
        var fractions = new FloatArray.Builder();
        foreach (var t in tiles)
        {
            ids.Append(slideId);
            index.Append(t.Index);
            xs.Append(t.X);
            ys.Append(t.Y);
            sizes.Append(grid.Level0TileSize);
            levels.Append(grid.ReadLevel);
            readSizes.Append(grid.EdgeAtReadLevelPx);
            mpps.Append(grid.TargetMpp.Mean);
            fractions.Append(t.TissueFraction);
        }

        return [ids.Build(), index.Build(), xs.Build(), ys.Build(), sizes.Build(), levels.Build(), readSizes.Build(), mpps.Build(), fractions.Build()];
    }
}

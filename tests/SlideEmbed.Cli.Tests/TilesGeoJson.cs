using System.Text.Json;
using SlideEmbed.Tissue;

namespace SlideEmbed.Cli.Tests;

/// <summary>
/// An independent GeoJSON reader for the tissue files: checks the RFC 7946 rules a Polygon
/// FeatureCollection must follow and rebuilds the regions, and rasterises regions at pixel centres
/// (even-odd scanlines) to compare them with a mask.
/// </summary>
internal static class TilesGeoJson
{
    /// <summary>
    /// Parses a FeatureCollection of Polygon features and asserts: every ring is a closed linear ring
    /// of at least four positions of two numbers; the exterior ring comes first and is counter-clockwise
    /// in the coordinate numbers (RFC 7946 section 3.1.6), holes clockwise; every hole vertex lies inside
    /// or on its exterior ring; every feature has a <c>properties</c> member.
    /// </summary>
    /// <returns>The regions (rings without the repeated closing position), in file order.</returns>
    public static List<TissueRegion> ReadAndValidate(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
        var root = doc.RootElement;
        Assert.Equal("FeatureCollection", root.GetProperty("type").GetString());
        var regions = new List<TissueRegion>();
        foreach (var feature in root.GetProperty("features").EnumerateArray())
        {
            Assert.Equal("Feature", feature.GetProperty("type").GetString());
            Assert.True(feature.TryGetProperty("properties", out _), "a Feature has a properties member");
            var geometry = feature.GetProperty("geometry");
            Assert.Equal("Polygon", geometry.GetProperty("type").GetString());
            var rings = geometry.GetProperty("coordinates").EnumerateArray().Select(ReadRing).ToList();
            Assert.NotEmpty(rings);

            var shell = rings[0];
            Assert.True(shell.SignedArea > 0, "the exterior ring is counter-clockwise (positive shoelace area in the coordinate numbers)");
            foreach (var hole in rings.Skip(1))
            {
                Assert.True(hole.SignedArea < 0, "holes are clockwise");
                foreach (var (x, y) in hole.Points)
                {
                    Assert.True(shell.Contains(x, y) || OnBoundary(shell, x, y), $"hole vertex ({x}, {y}) lies outside its exterior ring");
                }
            }

            regions.Add(new TissueRegion(shell, rings.Skip(1).ToList()));
        }

        return regions;
    }

    /// <summary>
    /// Paints the regions into a mask of <paramref name="width"/> x <paramref name="height"/> pixels of
    /// <paramref name="downsample"/> level-0 pixels each: pixel (i, j) is 1 when its centre
    /// ((i + 0.5) d, (j + 0.5) d) is inside an odd number of rings.
    /// </summary>
    public static byte[] Rasterise(IReadOnlyList<TissueRegion> regions, int width, int height, double downsample)
    {
        var edges = new List<(double X1, double Y1, double X2, double Y2)>();
        foreach (var ring in regions.SelectMany(r => r.Holes.Prepend(r.Outer)))
        {
            for (int i = 0, n = ring.Points.Count; i < n; i++)
            {
                var (x1, y1) = ring.Points[i];
                var (x2, y2) = ring.Points[(i + 1) % n];
                edges.Add((x1, y1, x2, y2));
            }
        }

        var mask = new byte[width * height];
        var crossings = new List<double>();
        for (var j = 0; j < height; j++)
        {
            var y = (j + 0.5) * downsample;
            crossings.Clear();
            foreach (var (x1, y1, x2, y2) in edges)
            {
                if ((y1 > y) != (y2 > y))
                {
                    crossings.Add(x1 + ((y - y1) * (x2 - x1) / (y2 - y1)));
                }
            }

            crossings.Sort();
            Assert.True(crossings.Count % 2 == 0, $"row {j}: an odd number of ring crossings");
            for (var k = 0; k + 1 < crossings.Count; k += 2)
            {
                // Pixels whose centre lies between the two crossings.
                var from = Math.Max(0, (int)Math.Ceiling((crossings[k] / downsample) - 0.5));
                var to = Math.Min(width - 1, (int)Math.Floor((crossings[k + 1] / downsample) - 0.5));
                for (var i = from; i <= to; i++)
                {
                    mask[(j * width) + i] = 1;
                }
            }
        }

        return mask;
    }

    private static Ring ReadRing(JsonElement ring)
    {
        var positions = ring.EnumerateArray().Select(p =>
        {
            Assert.Equal(2, p.GetArrayLength());
            return (p[0].GetDouble(), p[1].GetDouble());
        }).ToList();
        Assert.True(positions.Count >= 4, $"a linear ring has at least four positions, this one {positions.Count}");
        Assert.Equal(positions[0], positions[^1]);
        return new Ring(positions.SkipLast(1).ToList());
    }

    private static bool OnBoundary(Ring ring, double x, double y)
    {
        for (int i = 0, n = ring.Points.Count; i < n; i++)
        {
            var (x1, y1) = ring.Points[i];
            var (x2, y2) = ring.Points[(i + 1) % n];
            var cross = ((x2 - x1) * (y - y1)) - ((y2 - y1) * (x - x1));
            if (cross == 0 && x >= Math.Min(x1, x2) && x <= Math.Max(x1, x2) && y >= Math.Min(y1, y2) && y <= Math.Max(y1, y2))
            {
                return true;
            }
        }

        return false;
    }
}

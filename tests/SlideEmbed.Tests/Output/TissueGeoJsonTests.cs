using System.Text.Json;
using SlideEmbed.Output;
using SlideEmbed.Tissue;

namespace SlideEmbed.Tests.Output;

public sealed class TissueGeoJsonTests
{
    [Fact]
    public void Write_RegionsWithHoles_ValidClosedPolygonsHolesInsideShellsAndRoundTrip()
    {
        // Outer drawn clockwise on purpose; the writer must orient it counter-clockwise.
        var outer = new Ring([(0, 0), (0, 100), (200, 100), (200, 0)]);
        var hole = new Ring([(50, 20), (80, 20), (80, 60), (50, 60)]);
        var island = new Ring([(300, 300), (340, 300), (320, 340)]);
        TissueRegion[] regions = [new(outer, [hole]), new(island, [])];
        using var stream = new MemoryStream();

        TissueGeoJson.Write(regions, stream);

        using var doc = JsonDocument.Parse(stream.ToArray());
        Assert.Equal("FeatureCollection", doc.RootElement.GetProperty("type").GetString());
        var features = doc.RootElement.GetProperty("features").EnumerateArray().ToList();
        Assert.Equal(2, features.Count);
        for (var f = 0; f < features.Count; f++)
        {
            var feature = features[f];
            Assert.Equal("Feature", feature.GetProperty("type").GetString());
            Assert.Equal("annotation", feature.GetProperty("properties").GetProperty("objectType").GetString());
            Assert.Equal("Tissue", feature.GetProperty("properties").GetProperty("classification").GetProperty("name").GetString());
            var geometry = feature.GetProperty("geometry");
            Assert.Equal("Polygon", geometry.GetProperty("type").GetString());
            var rings = geometry.GetProperty("coordinates").EnumerateArray()
                .Select(r => r.EnumerateArray().Select(p => (p[0].GetDouble(), p[1].GetDouble())).ToList()).ToList();
            foreach (var ring in rings)
            {
                Assert.True(ring.Count >= 4, "a linear ring has at least four positions");
                Assert.Equal(ring[0], ring[^1]);
            }

            var shell = new Ring(rings[0].SkipLast(1).ToList());
            Assert.True(shell.SignedArea > 0, "exterior ring counter-clockwise (RFC 7946)");
            foreach (var holeRing in rings.Skip(1))
            {
                var h = new Ring(holeRing.SkipLast(1).ToList());
                Assert.True(h.SignedArea < 0, "holes clockwise");
                Assert.All(h.Points, p => Assert.True(shell.Contains(p.X, p.Y)));
            }

            // Round trip: same vertex set and areas as written.
            var original = regions[f];
            Assert.Equal(original.Outer.Area, shell.Area);
            Assert.Equal(original.Outer.Points.ToHashSet(), shell.Points.ToHashSet());
            Assert.Equal(original.Holes.Count, rings.Count - 1);
        }
    }
}

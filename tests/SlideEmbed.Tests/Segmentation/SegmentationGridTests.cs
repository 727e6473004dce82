using SlideEmbed.Segmentation;

namespace SlideEmbed.Tests.Segmentation;

public sealed class SegmentationGridTests
{
    [Theory]
    [InlineData(1000, 512, 0, new[] { 0, 512 })]
    [InlineData(1024, 512, 0, new[] { 0, 512 })]
    [InlineData(1025, 512, 0, new[] { 0, 512, 1024 })]
    [InlineData(72, 64, 16, new[] { 0, 48 })]
    [InlineData(100, 512, 0, new[] { 0 })]
    public void Starts_PadBeyond_CeilOfLengthOverStepFromZero(int length, int size, int overlap, int[] expected)
    {
        Assert.Equal(expected, SegmentationGrid.Starts(length, size, overlap, SegmenterEdge.PadBeyond));
    }

    [Theory]
    [InlineData(1000, 512, 0, new[] { 0, 488 })]
    [InlineData(1024, 512, 0, new[] { 0, 512 })]
    [InlineData(1300, 512, 0, new[] { 0, 512, 788 })]
    [InlineData(300, 512, 0, new[] { 0 })]
    [InlineData(512, 512, 0, new[] { 0 })]
    public void Starts_ShiftLast_LastPatchEndsAtTheEdge(int length, int size, int overlap, int[] expected)
    {
        Assert.Equal(expected, SegmentationGrid.Starts(length, size, overlap, SegmenterEdge.ShiftLast));
    }

    [Theory]
    [InlineData(SegmenterEdge.PadBeyond)]
    [InlineData(SegmenterEdge.ShiftLast)]
    public void Starts_AnyLength_CoversEveryPixel(SegmenterEdge edge)
    {
        for (var length = 1; length < 300; length += 7)
        {
            var starts = SegmentationGrid.Starts(length, 64, 16, edge);
            var covered = new bool[length];
            foreach (var s in starts)
            {
                for (var i = s; i < Math.Min(length, s + 64); i++)
                {
                    covered[i] = true;
                }
            }

            Assert.All(covered, Assert.True);
        }
    }
}

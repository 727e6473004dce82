namespace SlideEmbed.Synthetic.Rendering;

/// <summary>A half-open run [<see cref="Start"/>, <see cref="End"/>) of local pixel indices in a row.</summary>
internal readonly record struct PixelRun(int Start, int End)
{
    /// <summary>Writes <paramref name="a"/> minus <paramref name="b"/> into <paramref name="result"/>; both inputs sorted and disjoint.</summary>
    public static void Subtract(List<PixelRun> a, List<PixelRun> b, List<PixelRun> result)
    {
        result.Clear();
        var j = 0;
        foreach (var run in a)
        {
            var start = run.Start;
            while (j < b.Count && b[j].End <= start)
            {
                j++;
            }

            var k = j;
            while (k < b.Count && b[k].Start < run.End)
            {
                if (b[k].Start > start)
                {
                    result.Add(new PixelRun(start, b[k].Start));
                }

                start = Math.Max(start, b[k].End);
                k++;
            }

            if (start < run.End)
            {
                result.Add(new PixelRun(start, run.End));
            }
        }
    }
}

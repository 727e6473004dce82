namespace SlideEmbed.Tissue;

/// <summary>
/// CLAM's contour filter on the containment tree of a mask: keeps a component when its net area
/// (pixels, i.e. outer ring area minus all hole ring areas) reaches the region threshold; of a kept
/// component's holes, keeps at most the <c>maxHoles</c> largest whose ring area reaches the hole
/// threshold. The result is a new mask whose components and holes are exactly the kept ones.
/// </summary>
/// <remarks>
/// A dropped hole is filled with everything inside it, so islands in it merge into the parent and no
/// region overlaps another. A dropped component's holes become background and the islands in them are
/// judged on their own, as CLAM's two-level hierarchy treats them as top-level contours. Ring areas
/// are pixel-edge areas (pixel counts), not OpenCV's areas through pixel centres.
/// </remarks>
internal static class ClamRegionFilter
{
    /// <summary>Filters a mask.</summary>
    /// <param name="mask">The mask; not modified.</param>
    /// <param name="minRegionPixels">Smallest net area kept, in pixels.</param>
    /// <param name="minHolePixels">Smallest hole ring area kept, in pixels.</param>
    /// <param name="maxHoles">Most holes kept per region, &gt;= 0.</param>
    /// <returns>The filtered mask.</returns>
    public static BinaryMask Apply(BinaryMask mask, double minRegionPixels, double minHolePixels, int maxHoles)
    {
        var components = RunLengthComponents.Build(mask);
        var componentValue = new byte[components.ComponentCount];
        var holeValue = new byte[components.HoleCount];
        var pending = new Stack<int>();
        for (var c = components.ComponentCount - 1; c >= 0; c--)
        {
            if (components.ComponentParent[c] < 0)
            {
                pending.Push(c);
            }
        }

        var candidates = new List<int>();
        while (pending.Count > 0)
        {
            var c = pending.Pop();
            var holes = components.HolesOf(c);
            if (components.ComponentArea[c] < minRegionPixels)
            {
                // Dropped: its holes are background and what lies in them stands alone.
                foreach (var h in holes)
                {
                    PushIslands(components, h, pending);
                }

                continue;
            }

            componentValue[c] = 1;
            candidates.Clear();
            foreach (var h in holes)
            {
                if (components.HoleEnclosedArea[h] >= minHolePixels)
                {
                    candidates.Add(h);
                }
            }

            // Largest first; ties by raster order for determinism.
            candidates.Sort((a, b) =>
            {
                var byArea = components.HoleEnclosedArea[b].CompareTo(components.HoleEnclosedArea[a]);
                return byArea != 0 ? byArea : a.CompareTo(b);
            });

            var kept = new HashSet<int>(candidates.Take(maxHoles));
            foreach (var h in holes)
            {
                if (kept.Contains(h))
                {
                    PushIslands(components, h, pending);
                }
                else
                {
                    Swallow(components, h, componentValue, holeValue);
                }
            }
        }

        var result = new BinaryMask(mask.Width, mask.Height);
        components.Paint(result, componentValue, holeValue);
        return result;
    }

    private static void PushIslands(RunLengthComponents components, int hole, Stack<int> pending)
    {
        var islands = components.IslandsOf(hole);
        for (var i = islands.Length - 1; i >= 0; i--)
        {
            pending.Push(islands[i]);
        }
    }

    // Marks a hole and everything nested inside it as tissue.
    private static void Swallow(RunLengthComponents components, int hole, byte[] componentValue, byte[] holeValue)
    {
        var stack = new Stack<int>();
        stack.Push(hole);
        while (stack.Count > 0)
        {
            var h = stack.Pop();
            holeValue[h] = 1;
            foreach (var island in components.IslandsOf(h))
            {
                componentValue[island] = 1;
                foreach (var inner in components.HolesOf(island))
                {
                    stack.Push(inner);
                }
            }
        }
    }
}

namespace SlideEmbed.Tissue;

/// <summary>
/// Connected components of a mask and of its background, labelled on row runs with union-find.
/// Foreground components are 8-connected, background components 4-connected (the dual pair, so the
/// two alternate in a containment tree: every enclosed background component, a hole, lies inside
/// exactly one foreground component, and every foreground component lies inside at most one hole).
/// Pixels outside the image count as background, so background touching the image border is the
/// outside, not a hole.
/// </summary>
/// <remarks>
/// Each row is split into alternating background and foreground runs that partition it; runs, not
/// pixels, carry labels, so memory follows the boundary length rather than the image area.
/// Components and holes are numbered in raster order of their first (top-left) pixel.
/// </remarks>
internal sealed partial class RunLengthComponents
{
    private int[] _runX = new int[256];
    private int[] _runEnd = new int[256];
    private byte[] _runForeground = new byte[256];
    private int[] _runLabel = new int[256];
    private int _runCount;

    private RunLengthComponents(int width, int height)
    {
        Width = width;
        Height = height;
        RowStart = new int[height + 1];
    }

    /// <summary>Mask width.</summary>
    public int Width { get; }

    /// <summary>Mask height.</summary>
    public int Height { get; }

    /// <summary>Index of the first run of each row; entry <c>Height</c> is the run count.</summary>
    public int[] RowStart { get; }

    /// <summary>Number of runs.</summary>
    public int RunCount => _runCount;

    /// <summary>Number of 8-connected foreground components.</summary>
    public int ComponentCount { get; private set; }

    /// <summary>Number of holes (4-connected background components not touching the border).</summary>
    public int HoleCount { get; private set; }

    /// <summary>Pixel count of each component.</summary>
    public long[] ComponentArea { get; private set; } = [];

    /// <summary>Pixel count of each hole (its own background pixels, not the islands inside it).</summary>
    public long[] HoleArea { get; private set; } = [];

    /// <summary>Index of each component's first run (its top-left pixel starts it).</summary>
    public int[] ComponentFirstRun { get; private set; } = [];

    /// <summary>Index of each hole's first run.</summary>
    public int[] HoleFirstRun { get; private set; } = [];

    /// <summary>Labels and analyses a mask.</summary>
    /// <param name="mask">The mask; any non-zero byte is foreground.</param>
    /// <returns>The components.</returns>
    public static RunLengthComponents Build(BinaryMask mask)
    {
        var result = new RunLengthComponents(mask.Width, mask.Height);
        var provisional = result.Label(mask.Data);
        result.Resolve(provisional);
        result.BuildTree();
        return result;
    }

    /// <summary>Start column of a run.</summary>
    /// <param name="run">Run index.</param>
    /// <returns>The first column.</returns>
    public int RunX(int run) => _runX[run];

    /// <summary>Exclusive end column of a run.</summary>
    /// <param name="run">Run index.</param>
    /// <returns>One past the last column.</returns>
    public int RunEnd(int run) => _runEnd[run];

    /// <summary>Whether a run is foreground.</summary>
    /// <param name="run">Run index.</param>
    /// <returns>True for foreground.</returns>
    public bool IsForeground(int run) => _runForeground[run] != 0;

    /// <summary>Label of a run: the component index for foreground; the hole index, or -1 for the outside, for background.</summary>
    /// <param name="run">Run index.</param>
    /// <returns>The label.</returns>
    public int RunLabel(int run) => _runLabel[run];

    /// <summary>Row of a run.</summary>
    /// <param name="run">Run index.</param>
    /// <returns>The row.</returns>
    public int RunRow(int run)
    {
        // Every row of a non-empty image has at least one run, so RowStart is strictly increasing.
        var index = Array.BinarySearch(RowStart, 0, Height + 1, run);
        return index >= 0 ? index : ~index - 1;
    }

    /// <summary>The run of row <paramref name="y"/> containing column <paramref name="x"/>.</summary>
    /// <param name="x">Column, in range.</param>
    /// <param name="y">Row, in range.</param>
    /// <returns>The run index.</returns>
    public int RunAt(int x, int y)
    {
        int lo = RowStart[y], hi = RowStart[y + 1] - 1;
        while (lo < hi)
        {
            var mid = (lo + hi + 1) >> 1;
            if (_runX[mid] <= x)
            {
                lo = mid;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return lo;
    }

    /// <summary>
    /// Writes a mask from per-component and per-hole decisions: foreground runs take
    /// <paramref name="componentValue"/>, hole runs <paramref name="holeValue"/>, outside runs 0.
    /// </summary>
    /// <param name="target">A mask of the same size.</param>
    /// <param name="componentValue">0 or 1 per component.</param>
    /// <param name="holeValue">0 or 1 per hole.</param>
    public void Paint(BinaryMask target, ReadOnlySpan<byte> componentValue, ReadOnlySpan<byte> holeValue)
    {
        var data = target.Data.AsSpan();
        for (var y = 0; y < Height; y++)
        {
            var row = data.Slice(y * Width, Width);
            for (var run = RowStart[y]; run < RowStart[y + 1]; run++)
            {
                var label = _runLabel[run];
                var value = _runForeground[run] != 0 ? componentValue[label] : label < 0 ? (byte)0 : holeValue[label];
                row[_runX[run].._runEnd[run]].Fill(value);
            }
        }
    }

    private int[] Label(byte[] data)
    {
        int w = Width, h = Height;
        var labels = new int[256];
        var parent = new int[256];
        var labelCount = 1; // label 0 is the outside background
        for (var y = 0; y < h; y++)
        {
            RowStart[y] = _runCount;
            var previousStart = y > 0 ? RowStart[y - 1] : 0;
            var previousEnd = _runCount;
            var j = previousStart;
            var row = data.AsSpan(y * w, w);
            var x = 0;
            while (x < w)
            {
                var foreground = row[x] != 0;
                var rest = row[x..];
                var length = foreground ? rest.IndexOf((byte)0) : rest.IndexOfAnyExcept((byte)0);
                var end = length < 0 ? w : x + length;
                var label = -1;

                // Runs of the previous row that end before x can touch neither this run nor later ones.
                while (j < previousEnd && _runEnd[j] < x)
                {
                    j++;
                }

                // Foreground joins diagonally (previous start <= end); background only by a shared edge.
                for (var q = j; q < previousEnd && _runX[q] <= end; q++)
                {
                    if ((_runForeground[q] != 0) != foreground)
                    {
                        continue;
                    }

                    if (!foreground && (_runX[q] >= end || _runEnd[q] <= x))
                    {
                        continue;
                    }

                    label = label < 0 ? Find(parent, labels[q]) : Union(parent, label, labels[q]);
                }

                if (!foreground && (y == 0 || y == h - 1 || x == 0 || end == w))
                {
                    label = label < 0 ? 0 : Union(parent, label, 0);
                }

                if (label < 0)
                {
                    if (labelCount == parent.Length)
                    {
                        Array.Resize(ref parent, parent.Length * 2);
                    }

                    label = labelCount;
                    parent[labelCount] = labelCount;
                    labelCount++;
                }

                if (_runCount == _runX.Length)
                {
                    Grow();
                    Array.Resize(ref labels, _runX.Length);
                }

                _runX[_runCount] = x;
                _runEnd[_runCount] = end;
                _runForeground[_runCount] = foreground ? (byte)1 : (byte)0;
                labels[_runCount] = label;
                _runCount++;
                x = end;
            }
        }

        RowStart[h] = _runCount;
        for (var run = 0; run < _runCount; run++)
        {
            labels[run] = Find(parent, labels[run]);
        }

        return labels;
    }

    private void Resolve(int[] roots)
    {
        _runLabel = new int[_runCount];
        var map = new int[_runCount + 1];
        Array.Fill(map, -1);
        var componentArea = new List<long>();
        var holeArea = new List<long>();
        var componentFirst = new List<int>();
        var holeFirst = new List<int>();
        for (var run = 0; run < _runCount; run++)
        {
            var root = roots[run];
            var length = _runEnd[run] - _runX[run];
            if (_runForeground[run] == 0 && root == 0)
            {
                _runLabel[run] = -1;
                continue;
            }

            var index = map[root];
            if (index < 0)
            {
                var isForeground = _runForeground[run] != 0;
                var list = isForeground ? componentArea : holeArea;
                index = list.Count;
                list.Add(0);
                (isForeground ? componentFirst : holeFirst).Add(run);
                map[root] = index;
            }

            _runLabel[run] = index;
            if (_runForeground[run] != 0)
            {
                componentArea[index] += length;
            }
            else
            {
                holeArea[index] += length;
            }
        }

        ComponentCount = componentArea.Count;
        HoleCount = holeArea.Count;
        ComponentArea = [.. componentArea];
        HoleArea = [.. holeArea];
        ComponentFirstRun = [.. componentFirst];
        HoleFirstRun = [.. holeFirst];
    }

    private void Grow()
    {
        var size = _runX.Length * 2;
        Array.Resize(ref _runX, size);
        Array.Resize(ref _runEnd, size);
        Array.Resize(ref _runForeground, size);
    }

    private static int Find(int[] parent, int label)
    {
        while (parent[label] != label)
        {
            parent[label] = parent[parent[label]];
            label = parent[label];
        }

        return label;
    }

    // The smaller root wins, so the outside (label 0) always stays a root.
    private static int Union(int[] parent, int a, int b)
    {
        a = Find(parent, a);
        b = Find(parent, b);
        if (a == b)
        {
            return a;
        }

        if (a > b)
        {
            (a, b) = (b, a);
        }

        parent[b] = a;
        return a;
    }
}

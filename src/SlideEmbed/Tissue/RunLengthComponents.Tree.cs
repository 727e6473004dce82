namespace SlideEmbed.Tissue;

/// <content>The containment tree: which hole encloses a component, which component encloses a hole, and enclosed areas.</content>
internal sealed partial class RunLengthComponents
{
    private int[] _holeOffsets = [];
    private int[] _holeList = [];
    private int[] _islandOffsets = [];
    private int[] _islandList = [];

    /// <summary>For each component, the hole enclosing it, or -1 when it lies in the outside background.</summary>
    public int[] ComponentParent { get; private set; } = [];

    /// <summary>For each hole, the component enclosing it.</summary>
    public int[] HoleParent { get; private set; } = [];

    /// <summary>
    /// For each component, the area enclosed by its outer boundary: its pixels plus everything inside
    /// its holes (the area of its outer ring traced along pixel edges).
    /// </summary>
    public long[] ComponentEnclosedArea { get; private set; } = [];

    /// <summary>For each hole, the area enclosed by its boundary: its pixels plus the islands inside it and their contents.</summary>
    public long[] HoleEnclosedArea { get; private set; } = [];

    /// <summary>The holes of a component, in raster order.</summary>
    /// <param name="component">Component index.</param>
    /// <returns>Hole indices.</returns>
    public ReadOnlySpan<int> HolesOf(int component) =>
        _holeList.AsSpan(_holeOffsets[component], _holeOffsets[component + 1] - _holeOffsets[component]);

    /// <summary>The components directly inside a hole (islands), in raster order.</summary>
    /// <param name="hole">Hole index.</param>
    /// <returns>Component indices.</returns>
    public ReadOnlySpan<int> IslandsOf(int hole) =>
        _islandList.AsSpan(_islandOffsets[hole], _islandOffsets[hole + 1] - _islandOffsets[hole]);

    private void BuildTree()
    {
        // The pixel just above a component's top-left pixel is background of the region enclosing it
        // (its own holes start lower down), and the pixel just above a hole's top-left pixel belongs to
        // the component enclosing the hole (islands inside the hole start lower down).
        var componentParent = new int[ComponentCount];
        for (var c = 0; c < ComponentCount; c++)
        {
            var first = ComponentFirstRun[c];
            var y = RunRow(first);
            componentParent[c] = y == 0 ? -1 : RunLabel(RunAt(RunX(first), y - 1));
        }

        var holeParent = new int[HoleCount];
        for (var h = 0; h < HoleCount; h++)
        {
            var first = HoleFirstRun[h];
            holeParent[h] = RunLabel(RunAt(RunX(first), RunRow(first) - 1));
        }

        ComponentParent = componentParent;
        HoleParent = holeParent;
        (_holeOffsets, _holeList) = Group(holeParent, ComponentCount);
        (_islandOffsets, _islandList) = Group(componentParent, HoleCount);
        ComputeEnclosedAreas();
    }

    private void ComputeEnclosedAreas()
    {
        var componentEnclosed = (long[])ComponentArea.Clone();
        var holeEnclosed = (long[])HoleArea.Clone();

        // A child's first run comes after its parent's, so walking first runs backwards finishes every
        // child before adding it to its parent.
        var order = new (int Run, int Node)[ComponentCount + HoleCount];
        for (var c = 0; c < ComponentCount; c++)
        {
            order[c] = (ComponentFirstRun[c], c);
        }

        for (var h = 0; h < HoleCount; h++)
        {
            order[ComponentCount + h] = (HoleFirstRun[h], ~h);
        }

        Array.Sort(order, static (a, b) => b.Run.CompareTo(a.Run));
        foreach (var (_, node) in order)
        {
            if (node >= 0)
            {
                var parent = ComponentParent[node];
                if (parent >= 0)
                {
                    holeEnclosed[parent] += componentEnclosed[node];
                }
            }
            else
            {
                componentEnclosed[HoleParent[~node]] += holeEnclosed[~node];
            }
        }

        ComponentEnclosedArea = componentEnclosed;
        HoleEnclosedArea = holeEnclosed;
    }

    private static (int[] Offsets, int[] Items) Group(int[] parentOf, int parentCount)
    {
        var offsets = new int[parentCount + 1];
        foreach (var p in parentOf)
        {
            if (p >= 0)
            {
                offsets[p + 1]++;
            }
        }

        for (var i = 0; i < parentCount; i++)
        {
            offsets[i + 1] += offsets[i];
        }

        var items = new int[offsets[parentCount]];
        var next = (int[])offsets.Clone();
        for (var child = 0; child < parentOf.Length; child++)
        {
            var p = parentOf[child];
            if (p >= 0)
            {
                items[next[p]++] = child;
            }
        }

        return (offsets, items);
    }
}

using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using SlideEmbed.Aggregation.Kernels;

namespace SlideEmbed.Aggregation;

/// <summary>
/// LongNet's dilated attention over fused <c>[q | k | v]</c> rows, exactly as the GigaPath release computes
/// it (see <c>LONGNET.md</c>): per branch, per segment, per head, a softmax over the m dilated keys
/// including phantom keys (positions past the sequence end: score 0, value 0), head offset <c>h div G</c>;
/// branch outputs merged with weights <c>softmax_b(LSE_b)</c>, an LSE of exactly 0 replaced by -1e8.
/// </summary>
/// <remarks>
/// Each (segment, head) runs as blocked attention with an online softmax (query blocks of
/// <see cref="QueryBlock"/>, key blocks of <see cref="KeyBlock"/>), and branches merge into running
/// (max, sum, weighted output) state, so memory stays linear in L: no L x L and no m x m matrix. Phantom
/// keys enter the softmax as a count (their score is exactly 0) instead of as stored zeros.
/// Thread-safe: all state lives in the call.
/// </remarks>
internal sealed unsafe partial class DilatedAttention
{
    /// <summary>Queries per block (a multiple of both micro-kernel heights, 6 and 12).</summary>
    public const int QueryBlock = 48;

    /// <summary>Keys per block (a multiple of the panel width).</summary>
    public const int KeyBlock = 128;

    private readonly int _heads;
    private readonly int _headDim;
    private readonly int _paddedHeadDim;
    private readonly IReadOnlyList<int> _segmentLengths;
    private readonly IReadOnlyList<int> _ratios;
    private readonly GemmKernel _kernel;
    private readonly float _scale;

    // Reused across calls and branches so large gather buffers are not reallocated per (branch, layer).
    private readonly ConcurrentBag<Workspace> _workspaces = [];

    /// <summary>Creates the operator.</summary>
    /// <param name="heads">Heads H.</param>
    /// <param name="headDim">Head width.</param>
    /// <param name="segmentLengths">Segment length per branch.</param>
    /// <param name="ratios">Dilation ratio per branch.</param>
    /// <param name="kernel">Micro-kernel choice.</param>
    public DilatedAttention(int heads, int headDim, IReadOnlyList<int> segmentLengths, IReadOnlyList<int> ratios, GemmKernel kernel)
    {
        _heads = heads;
        _headDim = headDim;
        _paddedHeadDim = (headDim + Gemm.PanelWidth - 1) / Gemm.PanelWidth * Gemm.PanelWidth;
        _segmentLengths = segmentLengths;
        _ratios = ratios;
        _kernel = kernel;
        _scale = (float)(1.0 / Math.Sqrt(headDim));
    }

    private int Width => _heads * _headDim;

    /// <summary>The branch geometries for a sequence length.</summary>
    /// <param name="length">Sequence length L.</param>
    /// <returns>One per branch, in configuration order.</returns>
    public DilatedBranch[] Branches(int length)
    {
        var branches = new DilatedBranch[_segmentLengths.Count];
        for (var b = 0; b < branches.Length; b++)
        {
            branches[b] = DilatedBranch.For(_segmentLengths[b], _ratios[b], length, _heads);
        }

        return branches;
    }

    /// <summary>The longest sequence (tokens, CLS included) every branch handles faithfully.</summary>
    /// <returns>The limit, or <see cref="int.MaxValue"/> when there is none.</returns>
    public int MaxFaithfulLength()
    {
        var limit = int.MaxValue;
        for (var b = 0; b < _segmentLengths.Count; b++)
        {
            if (_segmentLengths[b] % _ratios[b] != 0)
            {
                limit = Math.Min(limit, _segmentLengths[b]);
            }
        }

        return limit;
    }

    /// <summary>Computes the attention output for every token.</summary>
    /// <param name="qkv">L rows of <c>[q | k | v]</c>, 3 D floats each.</param>
    /// <param name="length">L.</param>
    /// <param name="output">Receives L rows of D floats (heads side by side).</param>
    /// <param name="parallel">Degree of parallelism.</param>
    public void Run(float* qkv, int length, float* output, ParallelOptions parallel)
    {
        var state = new MergeState(length, _heads);
        new Span<float>(output, checked(length * Width)).Clear();
        var branches = Branches(length);
        var qkvAddress = (nint)qkv;
        var outputAddress = (nint)output;
        foreach (var branch in branches)
        {
            if (!branch.IsFaithful)
            {
                throw new NotSupportedException($"Dilated attention over {length} tokens: segment {branch.Segment} with dilation {branch.Ratio} spans several segments but is not a multiple of the ratio; the original scatters such outputs to wrong positions, so sequences longer than {MaxFaithfulLength()} tokens are not supported.");
            }

            var b = branch;
            Parallel.For(
                0,
                branch.Segments * _heads,
                parallel,
                () => _workspaces.TryTake(out var w) ? w : new Workspace(),
                (item, _, workspace) =>
                {
                    SegmentHead((float*)qkvAddress, length, b, item / _heads, item % _heads, workspace, (float*)outputAddress, state);
                    return workspace;
                },
                _workspaces.Add);
        }

        Finish(output, length, state, parallel);
    }

    private void Finish(float* output, int length, MergeState state, ParallelOptions parallel)
    {
        var address = (nint)output;
        Parallel.For(0, (length + 255) / 256, parallel, block =>
        {
            var end = Math.Min(length, (block + 1) * 256);
            for (var t = block * 256; t < end; t++)
            {
                for (var h = 0; h < _heads; h++)
                {
                    var sum = state.Sum[(t * _heads) + h];
                    var row = new Span<float>((float*)address + ((long)t * Width) + (h * _headDim), _headDim);
                    if (sum > 0)
                    {
                        VectorMath.Scale(row, 1f / sum);
                    }
                    else
                    {
                        row.Clear();
                    }
                }
            }
        });
    }

    /// <summary>Running merge of branch results per (token, head): max LSE, sum of weights; the weighted output sum lives in the output rows.</summary>
    private sealed class MergeState
    {
        public MergeState(int length, int heads)
        {
            Max = new float[length * heads];
            Sum = new float[length * heads];
            Max.AsSpan().Fill(float.NegativeInfinity);
        }

        public float[] Max { get; }

        public float[] Sum { get; }
    }

    /// <summary>Per-worker buffers, grown on demand and reused across (segment, head) items and calls.</summary>
    private sealed class Workspace
    {
        private float[] _buffer = [];

        public float* Rent(int floats)
        {
            if (_buffer.Length < floats)
            {
                _buffer = GC.AllocateUninitializedArray<float>(floats, pinned: true);
            }

            return (float*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(_buffer));
        }
    }
}

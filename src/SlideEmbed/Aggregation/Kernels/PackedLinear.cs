namespace SlideEmbed.Aggregation.Kernels;

/// <summary>
/// A linear layer <c>y = x W^T + b</c> with W (PyTorch layout [out, in]) repacked once into
/// <see cref="Gemm"/> panels: panel p holds rows k = 0..in-1 of columns 16p..16p+15 of W^T, zero-padded.
/// Immutable after construction; safe to share across threads.
/// </summary>
internal sealed unsafe class PackedLinear
{
    private readonly float[] _panels;
    private readonly float[] _bias;

    /// <summary>Packs a weight matrix and copies its bias.</summary>
    /// <param name="weight">Row-major [outFeatures, inFeatures].</param>
    /// <param name="bias">[outFeatures].</param>
    /// <param name="outFeatures">Output width.</param>
    /// <param name="inFeatures">Input width.</param>
    public PackedLinear(ReadOnlySpan<float> weight, ReadOnlySpan<float> bias, int outFeatures, int inFeatures)
    {
        if (weight.Length != (long)outFeatures * inFeatures || bias.Length != outFeatures)
        {
            throw new ArgumentException($"Linear layer {outFeatures}x{inFeatures}: got {weight.Length} weights and {bias.Length} biases.");
        }

        OutFeatures = outFeatures;
        InFeatures = inFeatures;
        var panels = (outFeatures + Gemm.PanelWidth - 1) / Gemm.PanelWidth;
        _panels = new float[(long)panels * inFeatures * Gemm.PanelWidth];
        for (var o = 0; o < outFeatures; o++)
        {
            var source = weight.Slice(o * inFeatures, inFeatures);
            var panel = (long)(o / Gemm.PanelWidth) * inFeatures * Gemm.PanelWidth;
            var lane = o % Gemm.PanelWidth;
            for (var k = 0; k < inFeatures; k++)
            {
                _panels[panel + ((long)k * Gemm.PanelWidth) + lane] = source[k];
            }
        }

        _bias = bias.ToArray();
    }

    /// <summary>Input width (K).</summary>
    public int InFeatures { get; }

    /// <summary>Output width (N).</summary>
    public int OutFeatures { get; }

    /// <summary>The bias, [OutFeatures].</summary>
    public ReadOnlySpan<float> Bias => _bias;

    /// <summary>Computes <c>y (+)= x W^T + b</c> for a block of rows on the calling thread.</summary>
    /// <param name="x">Input rows.</param>
    /// <param name="ldx">Row stride of x.</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="y">Output rows.</param>
    /// <param name="ldy">Row stride of y.</param>
    /// <param name="accumulate">Add to y (a residual connection) instead of overwriting it.</param>
    /// <param name="kernel">Micro-kernel choice.</param>
    public void Apply(float* x, int ldx, int rows, float* y, int ldy, bool accumulate, GemmKernel kernel)
    {
        fixed (float* b = _panels)
        {
            Gemm.Multiply(x, ldx, rows, InFeatures, b, (long)InFeatures * Gemm.PanelWidth, OutFeatures, y, ldy, accumulate, kernel);
        }

        for (var r = 0; r < rows; r++)
        {
            VectorMath.Add(new Span<float>(y + ((long)r * ldy), OutFeatures), _bias);
        }
    }
}

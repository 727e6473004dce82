using SlideEmbed.Aggregation.Kernels;

namespace SlideEmbed.Aggregation;

/// <summary>
/// One gated-attention scorer: <c>score = w_c · (tanh(A h + a) ⊙ sigmoid(B h + b)) + c</c>, the block shared by
/// ABMIL-style slide encoders. Immutable; safe to share across threads.
/// </summary>
internal sealed unsafe class GatedAttentionHead
{
    private readonly float[] _scoreWeight;
    private readonly float _scoreBias;

    /// <summary>Creates a head from its three layers.</summary>
    /// <param name="tanhBranch">The <c>attention_a</c> linear layer.</param>
    /// <param name="sigmoidBranch">The <c>attention_b</c> linear layer.</param>
    /// <param name="scoreWeight">The <c>attention_c</c> weight, one row.</param>
    /// <param name="scoreBias">The <c>attention_c</c> bias.</param>
    public GatedAttentionHead(PackedLinear tanhBranch, PackedLinear sigmoidBranch, float[] scoreWeight, float scoreBias)
    {
        TanhBranch = tanhBranch;
        SigmoidBranch = sigmoidBranch;
        _scoreWeight = scoreWeight;
        _scoreBias = scoreBias;
    }

    /// <summary>The <c>attention_a</c> layer (followed by tanh).</summary>
    public PackedLinear TanhBranch { get; }

    /// <summary>The <c>attention_b</c> layer (followed by the sigmoid gate).</summary>
    public PackedLinear SigmoidBranch { get; }

    /// <summary>Input width.</summary>
    public int InputWidth => TanhBranch.InFeatures;

    /// <summary>Hidden width of the two branches.</summary>
    public int HiddenWidth => TanhBranch.OutFeatures;

    /// <summary>Scores a block of rows.</summary>
    /// <param name="x">Input rows, <see cref="InputWidth"/> wide.</param>
    /// <param name="ldx">Row stride of x.</param>
    /// <param name="rows">Number of rows.</param>
    /// <param name="a">Scratch, rows x <see cref="HiddenWidth"/>.</param>
    /// <param name="b">Scratch, rows x <see cref="HiddenWidth"/>.</param>
    /// <param name="scores">One raw (pre-softmax) score per row.</param>
    /// <param name="kernel">Micro-kernel choice.</param>
    public void Score(float* x, int ldx, int rows, float* a, float* b, Span<float> scores, GemmKernel kernel)
    {
        var hidden = HiddenWidth;
        TanhBranch.Apply(x, ldx, rows, a, hidden, false, kernel);
        SigmoidBranch.Apply(x, ldx, rows, b, hidden, false, kernel);
        for (var r = 0; r < rows; r++)
        {
            var ar = a + ((long)r * hidden);
            var br = b + ((long)r * hidden);
            var sum = 0.0;
            for (var k = 0; k < hidden; k++)
            {
                var gate = 1.0 / (1.0 + Math.Exp(-br[k]));
                sum += Math.Tanh(ar[k]) * gate * _scoreWeight[k];
            }

            scores[r] = (float)(sum + _scoreBias);
        }
    }
}

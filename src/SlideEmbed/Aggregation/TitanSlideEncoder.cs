using SlideEmbed.Aggregation.Kernels;
using SlideEmbed.Safetensors;

namespace SlideEmbed.Aggregation;

/// <summary>
/// The TITAN slide encoder (MahmoodLab, CONCH v1.5 tile features) on the CPU in float32: tiles are placed on
/// TITAN's grid (<see cref="SlideTileGeometry.Level0TileSize"/> cells, features of a cell summed, empty cells
/// dropped), embedded (Linear + GELU), prefixed with the CLS token and run through pre-LN ViT blocks whose
/// attention carries a 2-D ALiBi bias; the slide embedding is the single-query attention pooler
/// (<c>attn_pool_contrastive</c>) over the final-normed tokens.
/// </summary>
/// <remarks>
/// <para>Memory is linear in the number of tiles: the ALiBi bias is formed per attention block from the cell
/// positions (the reference materialises N x N per head), about <c>(tokens + 1) x 8 x width x 4</c> bytes in
/// all (25 KB per tile at width 768) plus per-thread scratch.</para>
/// <para>Thread-safe: weights are immutable and each call allocates its own buffers.</para>
/// </remarks>
public sealed partial class TitanSlideEncoder : ISlideEncoder
{
    /// <summary>LayerNorm epsilon of the blocks and the final norm.</summary>
    public const float BlockNormEpsilon = 1e-6f;

    /// <summary>LayerNorm epsilon of the pooler's <c>ln_q</c> and <c>ln_k</c> (PyTorch's default).</summary>
    public const float PoolerNormEpsilon = 1e-5f;

    /// <summary>Rows per parallel work item in row-wise phases.</summary>
    private const int RowBlock = 96;

    private const string Prefix = "vision_encoder.";

    private readonly PackedLinear _patchEmbed;
    private readonly float[] _clsToken;
    private readonly TitanLayerWeights[] _layers;
    private readonly NormWeights _norm;
    private readonly TitanPoolerWeights _pooler;
    private readonly AlibiAttention _attention;
    private readonly GemmKernel _kernel;

    private TitanSlideEncoder(string name, int heads, PackedLinear patchEmbed, float[] clsToken, TitanLayerWeights[] layers, NormWeights norm, TitanPoolerWeights pooler, GemmKernel kernel)
    {
        Name = name;
        Heads = heads;
        _patchEmbed = patchEmbed;
        _clsToken = clsToken;
        _layers = layers;
        _norm = norm;
        _pooler = pooler;
        _kernel = kernel;
        _attention = new AlibiAttention(heads, Width / heads, kernel);
    }

    /// <summary>Name recorded with outputs, e.g. <c>titan</c>.</summary>
    public string Name { get; }

    /// <summary>Tile feature width (768, CONCH v1.5).</summary>
    public int InputDimension => _patchEmbed.InFeatures;

    /// <summary>Model width (768).</summary>
    public int Width => _patchEmbed.OutFeatures;

    /// <summary>Number of blocks (6).</summary>
    public int Depth => _layers.Length;

    /// <summary>Attention heads per block (12).</summary>
    public int Heads { get; }

    /// <summary>Slide embedding width: the model width (768).</summary>
    public int OutputDimension => Width;

    /// <summary>True: the grid cell is <see cref="SlideTileGeometry.Level0TileSize"/>.</summary>
    public bool UsesGeometry => true;

    /// <summary>Loads a safetensors state dict with the published key names (<c>vision_encoder.*</c>).</summary>
    /// <param name="weightsPath">The <c>.safetensors</c> file.</param>
    /// <param name="name">Name recorded with outputs.</param>
    /// <param name="heads">Attention heads per block (12 for the release).</param>
    /// <param name="poolerHeads">Heads of the attention pooler (8 for the release).</param>
    /// <returns>The encoder.</returns>
    /// <exception cref="InvalidDataException">A tensor is missing, has the wrong shape, or is unexpected.</exception>
    public static TitanSlideEncoder Load(string weightsPath, string name = "titan", int heads = 12, int poolerHeads = 8)
    {
        using var file = SafetensorsFile.Open(weightsPath);
        return Create(file, name, heads, poolerHeads);
    }

    /// <summary>Creates an encoder from an open state dict; the file may be disposed afterwards.</summary>
    /// <param name="weights">The state dict.</param>
    /// <param name="name">Name recorded with outputs.</param>
    /// <param name="heads">Attention heads per block.</param>
    /// <param name="poolerHeads">Heads of the attention pooler.</param>
    /// <returns>The encoder.</returns>
    public static TitanSlideEncoder Create(SafetensorsFile weights, string name = "titan", int heads = 12, int poolerHeads = 8) =>
        Create(weights, name, heads, poolerHeads, GemmKernel.Auto);

    /// <summary>An aggregator bound to one slide's tile geometry.</summary>
    /// <param name="geometry">The slide's tile edge, stride and resolution.</param>
    /// <returns>A lightweight view sharing this encoder's weights.</returns>
    public ISlideAggregator ForSlide(SlideTileGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        geometry.Validate();
        return new TitanSlideAggregator(this, geometry);
    }

    /// <summary>
    /// Floating-point operations of a forward over <paramref name="tokens"/> non-empty cells (a multiply-add
    /// counts 2): linear layers and attention scores and values. Norms, GELU, softmax and the bias are left out.
    /// </summary>
    /// <param name="tokens">Number of tokens after the grid step.</param>
    /// <returns>Linear and attention operations.</returns>
    internal (double Linear, double Attention) CountFlops(int tokens)
    {
        var d = (double)Width;
        var length = tokens + 1.0;
        var linear = 2.0 * tokens * InputDimension * d;
        linear += Depth * 2.0 * length * ((4 * d * d) + (2 * d * _layers[0].Fc1.OutFeatures));
        var attention = Depth * 4.0 * length * length * d;
        return (linear, attention);
    }
}

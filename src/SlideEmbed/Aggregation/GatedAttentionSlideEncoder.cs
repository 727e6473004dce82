using SlideEmbed.Aggregation.Kernels;
using SlideEmbed.Safetensors;

namespace SlideEmbed.Aggregation;

/// <summary>
/// The gated-attention (ABMIL) slide encoders on the CPU in float32 with float64 pooling: FEATHER (CONCH v1.5
/// and UNI2-h variants), CHIEF and MADELEINE, one kernel for all three (see <see cref="GatedAttentionVariant"/>).
/// Tile embeddings in, one slide embedding out; coordinates are ignored and the result does not depend on
/// tile order.
/// </summary>
/// <remarks>
/// <para>Pooling is a softmax over all tiles computed block by block (running maximum and sum), so memory is
/// a few hundred KB per thread whatever the number of tiles. Sizes are read from the weights.</para>
/// <para>Thread-safe: weights are immutable and each call allocates its own buffers.</para>
/// </remarks>
public sealed partial class GatedAttentionSlideEncoder : ISlideAggregator, ISlideEncoder
{
    /// <summary>LayerNorm epsilon of MADELEINE's pre-attention layers (PyTorch's default).</summary>
    public const float LayerNormEpsilon = 1e-5f;

    /// <summary>Rows per parallel work item.</summary>
    private const int RowBlock = 96;

    private readonly PreLayer[] _preLayers;
    private readonly GatedAttentionHead[] _heads;
    private readonly float[]? _projectorWeight;
    private readonly float[]? _projectorBias;
    private readonly GemmKernel _kernel;

    private GatedAttentionSlideEncoder(string name, GatedAttentionVariant variant, int inputDimension, PreLayer[] preLayers, GatedAttentionHead[] heads, float[]? projectorWeight, float[]? projectorBias, GemmKernel kernel)
    {
        Name = name;
        Variant = variant;
        InputDimension = inputDimension;
        _preLayers = preLayers;
        _heads = heads;
        _projectorWeight = projectorWeight;
        _projectorBias = projectorBias;
        _kernel = kernel;
        EmbeddedDimension = preLayers[^1].Linear.OutFeatures;
        var pooled = variant == GatedAttentionVariant.Chief ? inputDimension : EmbeddedDimension;
        OutputDimension = projectorBias?.Length ?? pooled;
    }

    /// <summary>Name recorded with outputs, e.g. <c>feather-conch-v1-5</c>.</summary>
    public string Name { get; }

    /// <summary>Which published model this reproduces.</summary>
    public GatedAttentionVariant Variant { get; }

    /// <summary>Tile embedding width (768 CONCH v1.5 / CTransPath, 1536 UNI2-h, 512 CONCH v1).</summary>
    public int InputDimension { get; }

    /// <summary>Width of the embedded tile features the heads score (512 FEATHER/CHIEF, 2048 MADELEINE).</summary>
    public int EmbeddedDimension { get; }

    /// <summary>Number of attention heads (1, or 4 for MADELEINE).</summary>
    public int Heads => _heads.Length;

    /// <summary>Slide embedding width: 512 FEATHER and MADELEINE, the input width (768) for CHIEF.</summary>
    public int OutputDimension { get; }

    /// <summary>Loads a safetensors state dict with the published key names.</summary>
    /// <param name="weightsPath">The <c>.safetensors</c> file.</param>
    /// <param name="variant">Which model the keys belong to.</param>
    /// <param name="name">Name recorded with outputs.</param>
    /// <returns>The encoder.</returns>
    /// <exception cref="InvalidDataException">A tensor is missing, has the wrong shape, or is unexpected.</exception>
    /// <exception cref="SafetensorsFormatException">The file is not valid safetensors.</exception>
    public static GatedAttentionSlideEncoder Load(string weightsPath, GatedAttentionVariant variant, string name)
    {
        using var file = SafetensorsFile.Open(weightsPath);
        return Create(file, variant, name);
    }

    /// <summary>Creates an encoder from an open state dict; the file may be disposed afterwards.</summary>
    /// <param name="weights">The state dict.</param>
    /// <param name="variant">Which model the keys belong to.</param>
    /// <param name="name">Name recorded with outputs.</param>
    /// <returns>The encoder.</returns>
    public static GatedAttentionSlideEncoder Create(SafetensorsFile weights, GatedAttentionVariant variant, string name) =>
        Create(weights, variant, name, GemmKernel.Auto);

    /// <summary>Encodes one slide.</summary>
    /// <param name="tileEmbeddings">Row-major <c>count x InputDimension</c> tile embeddings.</param>
    /// <param name="count">Number of tiles, at least 1.</param>
    /// <returns>A new array of <see cref="OutputDimension"/> values.</returns>
    /// <exception cref="EmptySlideException"><paramref name="count"/> is 0.</exception>
    /// <exception cref="ArgumentException">The span length differs from <c>count x InputDimension</c>.</exception>
    public float[] Encode(ReadOnlySpan<float> tileEmbeddings, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count == 0)
        {
            throw new EmptySlideException($"The slide has no tiles: the '{Name}' slide embedding needs at least one tile embedding.");
        }

        if (tileEmbeddings.Length != (long)count * InputDimension)
        {
            throw new ArgumentException($"'{Name}': {count} tiles of {InputDimension} values need {(long)count * InputDimension} floats; got {tileEmbeddings.Length}.", nameof(tileEmbeddings));
        }

        var pooled = Pool(tileEmbeddings, count);
        return Project(pooled);
    }

    /// <summary>False: coordinates and geometry are ignored.</summary>
    public bool UsesGeometry => false;

    /// <inheritdoc />
    public float[] Encode(ReadOnlySpan<float> tileEmbeddings, int count, ReadOnlySpan<long> xs, ReadOnlySpan<long> ys, SlideTileGeometry geometry)
    {
        SlideAggregatorInput.Validate(Name, InputDimension, tileEmbeddings, count, InputDimension, xs, ys);
        return Encode(tileEmbeddings, count);
    }

    /// <inheritdoc />
    public float[] Aggregate(ReadOnlySpan<float> tileEmbeddings, int count, int dimension, ReadOnlySpan<long> xs, ReadOnlySpan<long> ys)
    {
        SlideAggregatorInput.Validate(Name, InputDimension, tileEmbeddings, count, dimension, xs, ys);
        return Encode(tileEmbeddings, count);
    }

    /// <summary>Creates an encoder with a forced micro-kernel (tests).</summary>
    internal static GatedAttentionSlideEncoder Create(SafetensorsFile weights, GatedAttentionVariant variant, string name, GemmKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(weights);
        ArgumentException.ThrowIfNullOrEmpty(name);
        var reader = new StateDictReader(weights, $"{variant} slide encoder");
        var (input, preLayers, heads, projectorWeight, projectorBias) = variant switch
        {
            GatedAttentionVariant.Feather => ReadFeather(reader),
            GatedAttentionVariant.Chief => ReadChief(reader),
            GatedAttentionVariant.Madeleine => ReadMadeleine(reader),
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "Unknown gated-attention variant."),
        };
        reader.RejectUnexpected();
        return new GatedAttentionSlideEncoder(name, variant, input, preLayers, heads, projectorWeight, projectorBias, kernel);
    }

    /// <summary>Floating-point operations of a forward over <paramref name="tiles"/> tiles (a multiply-add counts 2).</summary>
    /// <param name="tiles">Number of tiles.</param>
    /// <returns>The count, linear layers and scoring.</returns>
    internal double CountFlops(int tiles)
    {
        var perTile = _preLayers.Sum(l => 2.0 * l.Linear.InFeatures * l.Linear.OutFeatures);
        perTile += _heads.Sum(h => 4.0 * h.InputWidth * h.HiddenWidth);
        return perTile * tiles;
    }

    /// <summary>One embedding layer: Linear, optional LayerNorm, activation.</summary>
    /// <param name="Linear">The layer.</param>
    /// <param name="Norm">LayerNorm after it, or null.</param>
    /// <param name="Gelu">Exact GELU when true, ReLU otherwise.</param>
    private sealed record PreLayer(PackedLinear Linear, NormWeights? Norm, bool Gelu);
}

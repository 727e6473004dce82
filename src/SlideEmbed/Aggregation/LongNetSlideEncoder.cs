using SlideEmbed.Aggregation.Kernels;
using SlideEmbed.Geometry;
using SlideEmbed.Safetensors;

namespace SlideEmbed.Aggregation;

/// <summary>
/// The Prov-GigaPath slide encoder (LongNet with dilated attention) on the CPU in float32: tile embeddings
/// and their level-0 coordinates in, one slide embedding out. Implements the forward pass of
/// <c>gigapath/slide_encoder.py</c> exactly, including the original's phantom keys and <c>h div G</c>
/// head offsets, in memory linear in the number of tiles.
/// </summary>
/// <remarks>
/// <para>Create one with <see cref="Load(string, LongNetOptions?)"/> from a safetensors state dict (convert
/// the official <c>slide_encoder.pth</c> with <c>tools/convert_gigapath_slide.py</c>). Width, depth, input
/// and FFN widths come from the weights; heads, branches and the grid from <see cref="LongNetOptions"/>.</para>
/// <para>Inputs: at most <see cref="MaxTiles"/> tiles (185,362 with the released branches), coordinates in
/// [0, GridSize x TileSize) = [0, 256,000) pixels; anything else is rejected with an error rather than
/// reproducing the original's out-of-table indexing.</para>
/// <para>Thread-safe: weights are immutable and each call allocates its own buffers, about
/// <c>(tiles + 1) x 5 x width x 4</c> bytes (15 KB per tile at width 768) plus per-thread scratch.</para>
/// </remarks>
public sealed partial class LongNetSlideEncoder : ISlideAggregator
{
    private readonly LongNetWeights _weights;
    private readonly SinCosPositionTable _positions;
    private readonly DilatedAttention _attention;
    private readonly GemmKernel _kernel;

    private LongNetSlideEncoder(LongNetArchitecture architecture, LongNetWeights weights, LongNetOptions options, GemmKernel kernel)
    {
        Architecture = architecture;
        Options = options;
        _weights = weights;
        _kernel = kernel;
        _positions = new SinCosPositionTable(architecture.Width, options.GridSize);
        _attention = new DilatedAttention(architecture.Heads, architecture.HeadDimension, options.SegmentLengths, options.DilationRatios, kernel);
        var maxLength = _attention.MaxFaithfulLength();
        MaxTiles = maxLength == int.MaxValue ? int.MaxValue - 1 : maxLength - 1;
    }

    /// <summary>Sizes read from the weights.</summary>
    public LongNetArchitecture Architecture { get; }

    /// <summary>The validated options.</summary>
    public LongNetOptions Options { get; }

    /// <summary><see cref="LongNetOptions.Name"/>, e.g. <c>gigapath-slide</c>.</summary>
    public string Name => Options.Name;

    /// <summary>Tile embedding width (1536 for the released model).</summary>
    public int InputDimension => Architecture.InputDimension;

    /// <summary>Slide embedding width: the model width (768).</summary>
    public int OutputDimension => Architecture.Width;

    /// <summary>
    /// The most tiles one slide may have: beyond it a branch spans several segments whose length the
    /// dilation does not divide, where the original misplaces outputs (185,362 tiles with the released
    /// segment 185,363 and dilation 8).
    /// </summary>
    public int MaxTiles { get; }

    /// <summary>Loads a safetensors state dict with the official key names.</summary>
    /// <param name="weightsPath">The <c>.safetensors</c> file (memory-mapped while loading, then closed).</param>
    /// <param name="options">Settings the weights do not carry; null for the released model's.</param>
    /// <returns>The encoder.</returns>
    /// <exception cref="InvalidDataException">The file lacks a tensor, has one of the wrong shape, or has unexpected ones.</exception>
    /// <exception cref="SafetensorsFormatException">The file is not valid safetensors.</exception>
    public static LongNetSlideEncoder Load(string weightsPath, LongNetOptions? options = null)
    {
        using var file = SafetensorsFile.Open(weightsPath);
        return Create(file, options);
    }

    /// <summary>Creates an encoder from an open safetensors state dict; the file may be disposed afterwards.</summary>
    /// <param name="weights">The state dict.</param>
    /// <param name="options">Settings the weights do not carry; null for the released model's.</param>
    /// <returns>The encoder.</returns>
    public static LongNetSlideEncoder Create(SafetensorsFile weights, LongNetOptions? options = null) => Create(weights, options, GemmKernel.Auto);

    /// <summary>Encodes one slide and returns one named output.</summary>
    /// <param name="tileEmbeddings">Row-major <c>count x InputDimension</c> tile embeddings.</param>
    /// <param name="count">Number of tiles, 1 .. <see cref="MaxTiles"/>.</param>
    /// <param name="xs">Tile x (left) in level-0 pixels.</param>
    /// <param name="ys">Tile y (top) in level-0 pixels.</param>
    /// <param name="output">Which pooled vector; only the layers it needs are run.</param>
    /// <param name="slideMpp">The slide's level-0 resolution; required when <see cref="LongNetOptions.CoordinateMpp"/> is set, ignored otherwise.</param>
    /// <returns>A new array of <see cref="OutputDimension"/> values.</returns>
    /// <exception cref="EmptySlideException"><paramref name="count"/> is 0.</exception>
    /// <exception cref="ArgumentException">Sizes disagree, or a coordinate lies outside the position grid.</exception>
    /// <exception cref="NotSupportedException">More than <see cref="MaxTiles"/> tiles.</exception>
    public float[] Encode(ReadOnlySpan<float> tileEmbeddings, int count, ReadOnlySpan<long> xs, ReadOnlySpan<long> ys, LongNetOutput output, MicronsPerPixel? slideMpp = null)
    {
        CheckOutput(output);
        var layers = output.UsesFinalLayer ? Architecture.Depth : output.Layer;
        var result = Forward(tileEmbeddings, count, xs, ys, slideMpp, layers, output.UsesFinalLayer, null);
        return output.Kind switch
        {
            LongNetOutputKind.Cls => result.Cls!,
            LongNetOutputKind.Mean => result.Mean!,
            LongNetOutputKind.LayerCls => result.LayersCls[output.Layer],
            _ => result.LayersMean[output.Layer],
        };
    }

    /// <summary>Encodes one slide through every layer and returns every pooled output.</summary>
    /// <param name="tileEmbeddings">Row-major <c>count x InputDimension</c> tile embeddings.</param>
    /// <param name="count">Number of tiles, 1 .. <see cref="MaxTiles"/>.</param>
    /// <param name="xs">Tile x (left) in level-0 pixels.</param>
    /// <param name="ys">Tile y (top) in level-0 pixels.</param>
    /// <param name="slideMpp">The slide's level-0 resolution; required when <see cref="LongNetOptions.CoordinateMpp"/> is set.</param>
    /// <returns>cls, mean and the per-layer outputs.</returns>
    public LongNetEmbeddings EncodeAll(ReadOnlySpan<float> tileEmbeddings, int count, ReadOnlySpan<long> xs, ReadOnlySpan<long> ys, MicronsPerPixel? slideMpp = null) =>
        EncodeAll(tileEmbeddings, count, xs, ys, slideMpp, null);

    /// <summary>Encodes one slide with <see cref="LongNetOptions.Output"/> (<c>layer-mean:11</c> unless configured).</summary>
    /// <param name="tileEmbeddings">Row-major <c>count x dimension</c> tile embeddings.</param>
    /// <param name="count">Number of tiles.</param>
    /// <param name="dimension">Must equal <see cref="InputDimension"/>.</param>
    /// <param name="xs">Tile x (left) in level-0 pixels.</param>
    /// <param name="ys">Tile y (top) in level-0 pixels.</param>
    /// <returns>A new array of <see cref="OutputDimension"/> values.</returns>
    /// <exception cref="InvalidOperationException">The options set a coordinate resolution; use <see cref="ForSlide"/>.</exception>
    public float[] Aggregate(ReadOnlySpan<float> tileEmbeddings, int count, int dimension, ReadOnlySpan<long> xs, ReadOnlySpan<long> ys)
    {
        if (Options.CoordinateMpp is { } mpp)
        {
            throw new InvalidOperationException($"'{Name}' places tiles on a grid at {mpp} um/px, which needs each slide's resolution: aggregate through ForSlide(slideMpp).");
        }

        SlideAggregatorInput.Validate(Name, InputDimension, tileEmbeddings, count, dimension, xs, ys);
        return Encode(tileEmbeddings, count, xs, ys, Options.Output);
    }

    /// <summary>An aggregator bound to one slide's resolution (for <see cref="LongNetOptions.CoordinateMpp"/>) and optionally another output.</summary>
    /// <param name="slideMpp">The slide's level-0 resolution.</param>
    /// <param name="output">Output to return; null for <see cref="LongNetOptions.Output"/>.</param>
    /// <returns>A lightweight view sharing this encoder's weights.</returns>
    public ISlideAggregator ForSlide(MicronsPerPixel slideMpp, LongNetOutput? output = null)
    {
        var selected = output ?? Options.Output;
        CheckOutput(selected);
        return new LongNetSlideAggregator(this, slideMpp, selected);
    }

    /// <summary>Creates an encoder with a forced micro-kernel (tests).</summary>
    internal static LongNetSlideEncoder Create(SafetensorsFile weights, LongNetOptions? options, GemmKernel kernel)
    {
        ArgumentNullException.ThrowIfNull(weights);
        options ??= new LongNetOptions();
        options.Validate();

        // Private copies: the caller's lists must not change the model after creation.
        options = options with { SegmentLengths = [.. options.SegmentLengths], DilationRatios = [.. options.DilationRatios] };
        var architecture = InferArchitecture(weights, options);
        var encoder = new LongNetSlideEncoder(architecture, ReadWeights(weights, architecture), options, kernel);
        encoder.CheckOutput(options.Output, nameof(options));
        return encoder;
    }

    /// <summary>Every output plus a probe that sees each layer's attention output (tests).</summary>
    internal LongNetEmbeddings EncodeAll(ReadOnlySpan<float> tileEmbeddings, int count, ReadOnlySpan<long> xs, ReadOnlySpan<long> ys, MicronsPerPixel? slideMpp, AttentionProbe? probe)
    {
        var r = Forward(tileEmbeddings, count, xs, ys, slideMpp, Architecture.Depth, true, probe);
        return new LongNetEmbeddings(r.Cls!, r.Mean!, r.LayersCls, r.LayersMean);
    }

    /// <summary>
    /// Floating-point operations of a forward (a multiply-add counts 2): the linear layers, and attention
    /// over real (non-phantom) key pairs, scores and weighted values. Norms, GELU and softmax are left out.
    /// </summary>
    /// <param name="tiles">Number of tiles.</param>
    /// <param name="layers">Layers run (12 for every output, 11 for <c>layer-mean:11</c>).</param>
    /// <returns>Linear and attention operations.</returns>
    internal (double Linear, double Attention) CountFlops(int tiles, int layers)
    {
        var a = Architecture;
        var length = tiles + 1;
        var linear = 2.0 * tiles * a.InputDimension * a.Width;
        linear += layers * 2.0 * length * a.Width * ((4.0 * a.Width) + (2.0 * a.FfnDimension));
        var attention = 0.0;
        foreach (var b in _attention.Branches(length))
        {
            for (var g = 0; g < b.Segments; g++)
            {
                for (var h = 0; h < a.Heads; h++)
                {
                    double real = b.RealKeys(g, h, length);
                    attention += 4.0 * real * real * a.HeadDimension;
                }
            }
        }

        return (linear, attention * layers);
    }

    private void CheckOutput(LongNetOutput output, string parameter = "output")
    {
        if (!output.UsesFinalLayer && output.Layer > Architecture.Depth)
        {
            throw new ArgumentOutOfRangeException(parameter, output.ToString(), $"'{output}' needs hidden state {output.Layer}, but this encoder has {Architecture.Depth} layers (hidden states 0 .. {Architecture.Depth}).");
        }
    }
}

using SlideEmbed.Geometry;
using SlideEmbed.Imaging;

namespace SlideEmbed.Tissue;

/// <summary>
/// A tissue detector driven by one immutable options record: holds the options and their provenance
/// map (pen-mark settings checked once, at construction). Thread-safe when the options are immutable.
/// </summary>
/// <typeparam name="TOptions">The options record.</typeparam>
public abstract class ConfiguredTissueDetector<TOptions> : ITissueDetector
    where TOptions : class
{
    /// <summary>Checks the pen-mark settings and records the parameters.</summary>
    /// <param name="options">The options.</param>
    /// <param name="penMarks">The options' pen-mark settings, or null when pen marks are kept.</param>
    /// <param name="addParameters">Writes the options into a provenance map.</param>
    private protected ConfiguredTissueDetector(TOptions options, Func<TOptions, PenMarkOptions?> penMarks, Action<TOptions, IDictionary<string, string>> addParameters)
    {
        ArgumentNullException.ThrowIfNull(options);
        penMarks(options)?.Validate();
        Options = options;
        var map = ParameterFormat.NewMap();
        addParameters(options, map);
        Parameters = ParameterFormat.Freeze(map);
    }

    /// <summary>The options.</summary>
    public TOptions Options { get; }

    /// <inheritdoc />
    public abstract string Name { get; }

    /// <summary>Every option under its provenance name (see the detector's remarks), keys in ordinal order; invariant culture.</summary>
    public IReadOnlyDictionary<string, string> Parameters { get; }

    /// <inheritdoc />
    public abstract TissueDetectionResult Detect(RgbImage image, MicronsPerPixel micronsPerPixel);
}

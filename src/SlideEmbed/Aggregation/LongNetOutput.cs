using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace SlideEmbed.Aggregation;

/// <summary>
/// A named output of the GigaPath slide encoder: <c>cls</c>, <c>mean</c>, <c>layer-cls:N</c> or
/// <c>layer-mean:N</c> (N = 0 .. depth; hidden state N is the output of the first N layers, 0 being the
/// input embeddings with the CLS token). All of them end with the outer <c>norm</c> LayerNorm.
/// </summary>
/// <remarks>
/// The default, <see cref="TridentDefault"/> = <c>layer-mean:11</c>, is what TRIDENT uses for GigaPath
/// (mean pooling of all-layer output 11, which skips the 12th layer and the encoder's final LayerNorm).
/// The official README's plain call returns <see cref="Cls"/>.
/// </remarks>
public readonly record struct LongNetOutput
{
    private readonly int _layer;

    private LongNetOutput(LongNetOutputKind kind, int layer)
    {
        Kind = kind;
        _layer = layer;
    }

    /// <summary>The pooling.</summary>
    public LongNetOutputKind Kind { get; }

    /// <summary>The hidden-state index for <see cref="LongNetOutputKind.LayerCls"/> and <see cref="LongNetOutputKind.LayerMean"/>; -1 otherwise.</summary>
    public int Layer => UsesFinalLayer ? -1 : _layer;

    /// <summary><c>cls</c> (also the value of <c>default</c>).</summary>
    public static LongNetOutput Cls => new(LongNetOutputKind.Cls, 0);

    /// <summary><c>mean</c>.</summary>
    public static LongNetOutput Mean => new(LongNetOutputKind.Mean, 0);

    /// <summary><c>layer-mean:11</c>, TRIDENT's choice and SlideEmbed's default.</summary>
    public static LongNetOutput TridentDefault => LayerMean(11);

    /// <summary>Whether the output needs all layers and the encoder's final LayerNorm.</summary>
    public bool UsesFinalLayer => Kind is LongNetOutputKind.Cls or LongNetOutputKind.Mean;

    /// <summary><c>layer-cls:N</c>.</summary>
    /// <param name="layer">Hidden-state index, &gt;= 0.</param>
    /// <returns>The output.</returns>
    public static LongNetOutput LayerCls(int layer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        return new(LongNetOutputKind.LayerCls, layer);
    }

    /// <summary><c>layer-mean:N</c>.</summary>
    /// <param name="layer">Hidden-state index, &gt;= 0.</param>
    /// <returns>The output.</returns>
    public static LongNetOutput LayerMean(int layer)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        return new(LongNetOutputKind.LayerMean, layer);
    }

    /// <summary>Parses <c>cls</c>, <c>mean</c>, <c>layer-cls:N</c> or <c>layer-mean:N</c> (case-insensitive).</summary>
    /// <param name="text">The name.</param>
    /// <returns>The output.</returns>
    /// <exception cref="FormatException">The text is none of the names.</exception>
    public static LongNetOutput Parse(string text) => TryParse(text, out var output)
        ? output
        : throw new FormatException($"Unknown slide encoder output '{text}': expected cls, mean, layer-cls:N or layer-mean:N (N = hidden-state index, e.g. layer-mean:11).");

    /// <summary>Parses an output name without throwing.</summary>
    /// <param name="text">The name.</param>
    /// <param name="output">The output when the name is valid.</param>
    /// <returns>True when valid.</returns>
    public static bool TryParse([NotNullWhen(true)] string? text, out LongNetOutput output)
    {
        output = default;
        if (text is null)
        {
            return false;
        }

        var t = text.Trim().ToLowerInvariant();
        if (t == "cls")
        {
            output = Cls;
            return true;
        }

        if (t == "mean")
        {
            output = Mean;
            return true;
        }

        foreach (var (prefix, kind) in new[] { ("layer-cls:", LongNetOutputKind.LayerCls), ("layer-mean:", LongNetOutputKind.LayerMean) })
        {
            if (t.StartsWith(prefix, StringComparison.Ordinal)
                && int.TryParse(t.AsSpan(prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var layer))
            {
                output = new LongNetOutput(kind, layer);
                return true;
            }
        }

        return false;
    }

    /// <summary>The name: <c>cls</c>, <c>mean</c>, <c>layer-cls:N</c> or <c>layer-mean:N</c>.</summary>
    /// <returns>The name, parseable by <see cref="Parse"/>.</returns>
    public override string ToString() => Kind switch
    {
        LongNetOutputKind.Cls => "cls",
        LongNetOutputKind.Mean => "mean",
        LongNetOutputKind.LayerCls => string.Create(CultureInfo.InvariantCulture, $"layer-cls:{Layer}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"layer-mean:{Layer}"),
    };
}

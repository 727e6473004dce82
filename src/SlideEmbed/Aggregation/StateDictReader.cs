using SlideEmbed.Aggregation.Kernels;
using SlideEmbed.Safetensors;

namespace SlideEmbed.Aggregation;

/// <summary>
/// Reads named float32 tensors of a safetensors state dict with shape checks, records which keys were read,
/// and finally rejects keys nobody asked for, so a checkpoint of another model fails loudly instead of
/// loading partly.
/// </summary>
internal sealed class StateDictReader
{
    private readonly SafetensorsFile _file;
    private readonly string _model;
    private readonly HashSet<string> _read = new(StringComparer.Ordinal);

    /// <summary>Wraps an open state dict.</summary>
    /// <param name="file">The safetensors file; must stay open while reading.</param>
    /// <param name="model">Model description for messages, e.g. <c>TITAN slide encoder</c>.</param>
    public StateDictReader(SafetensorsFile file, string model)
    {
        _file = file;
        _model = model;
    }

    /// <summary>Whether the file holds a tensor of that name.</summary>
    /// <param name="name">Key.</param>
    /// <returns>True when present.</returns>
    public bool Contains(string name) => _file.Contains(name);

    /// <summary>The shape of a tensor that must exist.</summary>
    /// <param name="name">Key.</param>
    /// <returns>Its dimensions.</returns>
    public IReadOnlyList<long> Shape(string name) => Require(name).Shape;

    /// <summary>The (in, out) widths of a linear layer's <c>prefix.weight</c>, which must be 2-D.</summary>
    /// <param name="prefix">Module path.</param>
    /// <returns>Input and output widths.</returns>
    public (int In, int Out) LinearShape(string prefix)
    {
        var shape = Shape(prefix + ".weight");
        return shape.Count == 2
            ? (checked((int)shape[1]), checked((int)shape[0]))
            : throw Invalid($"'{prefix}.weight' has {shape.Count} dimensions; a linear layer has 2.");
    }

    /// <summary>Reads a tensor of an exact shape.</summary>
    /// <param name="name">Key.</param>
    /// <param name="shape">Expected dimensions.</param>
    /// <returns>The values, row-major.</returns>
    public float[] Read(string name, params long[] shape)
    {
        var info = Require(name);
        if (!info.Shape.SequenceEqual(shape))
        {
            throw Invalid($"'{name}' has shape {info.ShapeText()}; expected [{string.Join(", ", shape)}].");
        }

        _read.Add(name);
        return _file.ReadFloat32(name);
    }

    /// <summary>Reads <c>prefix.weight</c> [out, in] and <c>prefix.bias</c> [out] as a packed linear layer.</summary>
    /// <param name="prefix">Module path.</param>
    /// <param name="outFeatures">Output width.</param>
    /// <param name="inFeatures">Input width.</param>
    /// <returns>The layer.</returns>
    public PackedLinear Linear(string prefix, int outFeatures, int inFeatures) =>
        new(Read(prefix + ".weight", outFeatures, inFeatures), Read(prefix + ".bias", outFeatures), outFeatures, inFeatures);

    /// <summary>Reads a LayerNorm's <c>prefix.weight</c> and <c>prefix.bias</c>.</summary>
    /// <param name="prefix">Module path.</param>
    /// <param name="width">Normalised width.</param>
    /// <returns>Scale and shift.</returns>
    public NormWeights Norm(string prefix, int width) => new(Read(prefix + ".weight", width), Read(prefix + ".bias", width));

    /// <summary>Marks keys the forward pass does not use (heads of other tasks) as known.</summary>
    /// <param name="prefixes">Key prefixes to accept without reading.</param>
    public void Ignore(params string[] prefixes)
    {
        foreach (var t in _file.Tensors.Where(t => prefixes.Any(p => t.Name.StartsWith(p, StringComparison.Ordinal))))
        {
            _read.Add(t.Name);
        }
    }

    /// <summary>Throws when the file holds tensors that were neither read nor ignored.</summary>
    public void RejectUnexpected()
    {
        var unexpected = _file.Tensors.Select(t => t.Name).Where(n => !_read.Contains(n)).ToList();
        if (unexpected.Count > 0)
        {
            throw Invalid($"{unexpected.Count} unexpected tensors, e.g. {string.Join(", ", unexpected.Take(5))}.");
        }
    }

    /// <summary>An error naming the file and the model.</summary>
    /// <param name="message">What is wrong.</param>
    /// <returns>The exception to throw.</returns>
    public InvalidDataException Invalid(string message) => new($"{_file.Source} is not a {_model} state dict: {message}");

    private SafetensorsTensorInfo Require(string name) =>
        _file.Contains(name) ? _file.Info(name) : throw Invalid($"tensor '{name}' is missing.");
}

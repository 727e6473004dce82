using System.Security.Cryptography;
using SlideEmbed.Geometry;
using SlideEmbed.Models;

namespace SlideEmbed.Aggregation;

/// <summary>
/// A slide-encoder manifest (<c>manifests/gigapath-slide.json</c>, <c>"kind": "slide-encoder"</c>): where the
/// weights are, what tile embeddings and coordinates the encoder takes, its LongNet settings and its
/// default output. A different schema from the tile-encoder manifests; the <c>kind</c> field tells them apart.
/// </summary>
public sealed partial record SlideEncoderManifest : ManifestHeader
{
    /// <summary>Value of the <c>kind</c> field.</summary>
    public const string KindName = "slide-encoder";

    /// <summary>Free-text architecture summary.</summary>
    public required string Architecture { get; init; }

    /// <summary>Weights file name (safetensors), looked up by <see cref="FindWeights()"/>.</summary>
    public required string WeightsFile { get; init; }

    /// <summary>Expected SHA-256 of the weights file (lower-case hex), or null to skip the check.</summary>
    public string? WeightsSha256 { get; init; }

    /// <summary>The command that produces the weights file from the official checkpoint.</summary>
    public required string ConvertCommand { get; init; }

    /// <summary>Name of the tile-encoder manifest whose embeddings this encoder takes (<c>gigapath-tile</c>).</summary>
    public required string TileEncoder { get; init; }

    /// <summary>Tile embedding width.</summary>
    public required int InputDimension { get; init; }

    /// <summary>Expected model width (checked against the weights).</summary>
    public required int Width { get; init; }

    /// <summary>Expected number of layers (checked against the weights).</summary>
    public required int Depth { get; init; }

    /// <summary>Expected FFN width (checked against the weights).</summary>
    public required int FfnDimension { get; init; }

    /// <summary>Slide embedding width of every output (equal to <see cref="Width"/>).</summary>
    public required int OutputDimension { get; init; }

    /// <summary>Encoder settings, including the default output and the coordinate frame.</summary>
    public required LongNetOptions Options { get; init; }

    /// <summary>The manifest file, or null when parsed from text.</summary>
    public string? Path { get; init; }

    /// <summary>
    /// Finds the weights file where tile-encoder models are looked for: next to the manifest, then
    /// <c>$SLIDEEMBED_MODELS</c>, then <c>~/.cache/slideembed/models</c>.
    /// </summary>
    /// <returns>The full path.</returns>
    /// <exception cref="ModelManifestException">The file is in none of them; the message gives the convert command.</exception>
    public string FindWeights()
    {
        var dirs = new List<string>();
        if (Environment.GetEnvironmentVariable(ModelCatalog.ModelsVariable) is { Length: > 0 } env)
        {
            dirs.Add(env);
        }

        dirs.Add(System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "slideembed", "models"));
        return FindWeights(dirs);
    }

    /// <summary>
    /// Finds the weights file: next to the manifest, then in each extra folder in order. The first folder
    /// with an entry of that name wins; a symbolic link there (or a chain of them) is returned as is and read
    /// through, and must lead to an existing file.
    /// </summary>
    /// <param name="modelDirs">Folders to search after the manifest's own, e.g. <c>$SLIDEEMBED_MODELS</c> and <c>~/.cache/slideembed/models</c>.</param>
    /// <returns>The full path.</returns>
    /// <exception cref="ModelManifestException">The file is in none of them (the message gives the convert
    /// command), or the first entry found is a symbolic link that leads nowhere (the message names the link and
    /// its target).</exception>
    public string FindWeights(IEnumerable<string> modelDirs)
    {
        ArgumentNullException.ThrowIfNull(modelDirs);
        var dirs = new List<string>();
        if (Path is not null)
        {
            dirs.Add(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
        }

        dirs.AddRange(modelDirs);
        foreach (var dir in dirs)
        {
            var candidate = System.IO.Path.Combine(dir, WeightsFile);
            var info = new FileInfo(candidate);
            if (info.LinkTarget is not null)
            {
                // A link (a Hugging Face cache, a shared model folder) is used as is, and must lead to a file.
                return ResolvedLink(info);
            }

            if (info.Exists)
            {
                return System.IO.Path.GetFullPath(candidate);
            }
        }

        throw new ModelManifestException($"{Name}: weights '{WeightsFile}' not found in {string.Join(", ", dirs)}. Produce them with: {ConvertCommand}");
    }

    private string ResolvedLink(FileInfo link)
    {
        FileSystemInfo? target;
        try
        {
            target = File.ResolveLinkTarget(link.FullName, returnFinalTarget: true);
        }
        catch (IOException e)
        {
            throw new ModelManifestException($"{Name}: weights {link.FullName} is a symbolic link that cannot be followed ({e.Message}).", e);
        }

        if (target is null || !File.Exists(target.FullName))
        {
            throw new ModelManifestException($"{Name}: weights {link.FullName} is a symbolic link to {target?.FullName ?? link.LinkTarget}, which does not exist. Produce the weights with: {ConvertCommand}");
        }

        return link.FullName;
    }

    /// <summary>Loads the encoder from a weights file and checks its hash (when the manifest has one) and sizes.</summary>
    /// <param name="weightsPath">The safetensors file (see <see cref="FindWeights()"/>).</param>
    /// <returns>The encoder, configured with <see cref="Options"/>.</returns>
    /// <exception cref="ModelManifestException">The weights' hash or sizes differ from the manifest's.</exception>
    public LongNetSlideEncoder CreateEncoder(string weightsPath)
    {
        if (WeightsSha256 is { } expected)
        {
            using var stream = File.OpenRead(weightsPath);
            var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
            {
                throw new ModelManifestException($"{Name}: {weightsPath} has SHA-256 {actual}, the manifest expects {expected}. Re-run: {ConvertCommand}");
            }
        }

        var encoder = LongNetSlideEncoder.Load(weightsPath, Options);
        var a = encoder.Architecture;
        if (a.InputDimension != InputDimension || a.Width != Width || a.Depth != Depth || a.FfnDimension != FfnDimension)
        {
            throw new ModelManifestException($"{Name}: {weightsPath} holds input {a.InputDimension}, width {a.Width}, depth {a.Depth}, FFN {a.FfnDimension}; the manifest says {InputDimension}, {Width}, {Depth}, {FfnDimension}.");
        }

        return encoder;
    }

    /// <summary>The coordinate frame as text: <c>level0</c>, or <c>mpp 0.5</c>.</summary>
    /// <returns>A short description.</returns>
    public string CoordinateFrame() => Options.CoordinateMpp is { } mpp ? $"mpp {mpp}" : "level0";

    private static MicronsPerPixel? Mpp(double? value) => value is { } v ? MicronsPerPixel.Isotropic(v) : null;
}

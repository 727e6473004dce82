using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using SlideEmbed.Preprocessing;

namespace SlideEmbed.Models;

/// <summary>
/// One model's manifest (<c>manifests/&lt;name&gt;.json</c>, schema in <c>manifests/README.md</c>): where its
/// ONNX file is, how tiles are read and preprocessed, and how its output becomes an embedding.
/// </summary>
public sealed partial record ModelManifest : ManifestHeader
{
    /// <summary>ONNX file name, relative to the search folders.</summary>
    public required string OnnxFile { get; init; }

    /// <summary>Expected SHA-256 of the ONNX file (lower-case hex), or null to skip the check.</summary>
    public string? OnnxSha256 { get; init; }

    /// <summary>Name of the input tensor ([batch, 3, S, S]).</summary>
    public required string InputName { get; init; }

    /// <summary>Name of the output tensor the recipe reads.</summary>
    public required string OutputName { get; init; }

    /// <summary>Whether the model keeps its weights in an external-data side file (models over 2 GB).</summary>
    public bool ExternalData { get; init; }

    /// <summary>The command that exports this model's ONNX file, quoted in the missing-file error.</summary>
    public required string ExportCommand { get; init; }

    /// <summary>Resolution at which the model sees tissue, microns per pixel (<c>tile.mpp</c>): the target of the tile grid; pixels come from the finest level needed and are resampled by the preprocessing.</summary>
    public required double TileMpp { get; init; }

    /// <summary>Tile edge in pixels at <see cref="TileMpp"/> (<c>tile.read_size</c>), before preprocessing resizes it to <see cref="InputSize"/>.</summary>
    public required int EdgeAtTargetPx { get; init; }

    /// <summary>The evaluation transform.</summary>
    public required TileTransform Transform { get; init; }

    /// <summary>Model input edge after preprocessing.</summary>
    public required int InputSize { get; init; }

    /// <summary>How the output becomes an embedding.</summary>
    public required OutputRecipe Recipe { get; init; }

    /// <summary>Tokens before the patch tokens (1 + registers), for <see cref="OutputRecipe.ClsMean"/>.</summary>
    public int PrefixTokens { get; init; } = 1;

    /// <summary>Embedding dimension after the recipe.</summary>
    public required int Dimension { get; init; }

    /// <summary>Tensor precision.</summary>
    public ModelPrecision Precision { get; init; } = ModelPrecision.Fp32;

    /// <summary>The manifest file this came from, or null when built in code.</summary>
    public string? ManifestPath { get; init; }

    /// <summary>SHA-256 of the manifest file's bytes (lower-case hex), for provenance.</summary>
    public string? ManifestSha256 { get; init; }

    /// <summary>Loads and validates a manifest file.</summary>
    /// <param name="path">Path of the JSON file.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="ModelManifestException">The file is not a valid manifest; the message says which field.</exception>
    public static ModelManifest Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ModelManifestException($"Cannot read model manifest '{path}': {e.Message}", e);
        }

        try
        {
            using var doc = JsonDocument.Parse(bytes, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            var manifest = Parse(doc.RootElement) with
            {
                ManifestPath = Path.GetFullPath(path),
                ManifestSha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)),
            };
            manifest.Validate();
            return manifest;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            throw new ModelManifestException($"Model manifest '{path}' is invalid: {e.Message}", e);
        }
    }

    /// <summary>
    /// Checks a manifest name: it names the output folder <c>&lt;out&gt;/&lt;name&gt;/</c>, so it must match
    /// <c>[a-z0-9-]+</c> and, for a manifest read from a file, equal the file's stem.
    /// </summary>
    /// <param name="name">The name.</param>
    /// <param name="manifestPath">The manifest file, or null.</param>
    /// <exception cref="ArgumentException">The name breaks the rule.</exception>
    public static void CheckName(string name, string? manifestPath)
    {
        if (string.IsNullOrEmpty(name) || name.Any(c => !(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c == '-')))
        {
            throw new ArgumentException($"name '{name}' must match [a-z0-9-]+ (it names the output folder).");
        }

        if (manifestPath is not null && !string.Equals(Path.GetFileNameWithoutExtension(manifestPath), name, StringComparison.Ordinal))
        {
            throw new ArgumentException($"name '{name}' must equal the file name '{Path.GetFileNameWithoutExtension(manifestPath)}' (rename one of them).");
        }
    }

    /// <summary>Checks the cross-field rules of the schema.</summary>
    /// <exception cref="ArgumentException">A rule is broken.</exception>
    public void Validate()
    {
        Transform.Validate();
        CheckName(Name, ManifestPath);

        if (!(TileMpp > 0) || EdgeAtTargetPx < 1 || InputSize < 1 || Dimension < 1 || PrefixTokens < 0)
        {
            throw new ArgumentException("tile.mpp, tile.read_size, input_size, output.dim must be positive and output.prefix_tokens non-negative.");
        }

        var (w, h) = Transform.OutputSize(EdgeAtTargetPx, EdgeAtTargetPx);
        if (w != InputSize || h != InputSize)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"preprocessing turns a {EdgeAtTargetPx} px tile into {w} x {h}, but input_size is {InputSize}."));
        }

        if (OnnxSha256 is not null && (OnnxSha256.Length != 64 || !OnnxSha256.All(char.IsAsciiHexDigitLower)))
        {
            throw new ArgumentException("onnx.sha256 must be 64 lower-case hex digits or null.");
        }
    }
}

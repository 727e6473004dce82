using System.Security.Cryptography;

namespace SlideEmbed.Models;

/// <summary>
/// Finds manifests by model name and their ONNX files. Manifests are looked up in the given folders
/// (by default the <c>manifests</c> folder of a SlideEmbed checkout above the working directory, then
/// the <c>manifests</c> folder shipped beside the program (a build, <c>dotnet publish</c> and the
/// <c>dotnet tool</c> package put it there), then <c>$SLIDEEMBED_MODELS</c>, then
/// <c>~/.cache/slideembed/models</c>); a path to a
/// <c>.json</c> file is used as is. A manifest's ONNX file is looked for next to the manifest, then
/// under <c>$SLIDEEMBED_MODELS</c>, then <c>~/.cache/slideembed/models</c>.
/// </summary>
public sealed class ModelCatalog
{
    /// <summary>Environment variable naming an extra models folder.</summary>
    public const string ModelsVariable = "SLIDEEMBED_MODELS";

    private readonly IReadOnlyList<string> _manifestDirs;
    private readonly IReadOnlyList<string> _modelDirs;

    /// <summary>Creates a catalog over explicit folders.</summary>
    /// <param name="manifestDirs">Folders holding <c>*.json</c> manifests, searched in order.</param>
    /// <param name="modelDirs">Extra folders holding model files, searched after the manifest's own folder.</param>
    public ModelCatalog(IEnumerable<string> manifestDirs, IEnumerable<string> modelDirs)
    {
        _manifestDirs = manifestDirs.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToList();
        _modelDirs = modelDirs.Select(Path.GetFullPath).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The default catalog for this machine (see the type remarks).</summary>
    /// <returns>The catalog.</returns>
    public static ModelCatalog Default() => Default(AppContext.BaseDirectory, Directory.GetCurrentDirectory());

    /// <summary>
    /// The default catalog as seen from a program in <paramref name="baseDirectory"/> run from
    /// <paramref name="workingDirectory"/>.
    /// </summary>
    /// <param name="baseDirectory">The program's folder.</param>
    /// <param name="workingDirectory">The working directory, searched upwards for a SlideEmbed checkout.</param>
    /// <returns>The catalog.</returns>
    internal static ModelCatalog Default(string baseDirectory, string workingDirectory)
    {
        // A checkout's manifests come first, so an edited manifest counts before the copy a build put beside the program.
        var manifests = new List<string>();
        for (var dir = new DirectoryInfo(workingDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "manifests");
            if (Directory.Exists(candidate) && File.Exists(Path.Combine(dir.FullName, "SlideEmbed.sln")))
            {
                manifests.Add(candidate);
                break;
            }
        }

        var shipped = Path.Combine(baseDirectory, "manifests");
        if (Directory.Exists(shipped))
        {
            manifests.Add(shipped);
        }

        var models = new List<string>();
        if (Environment.GetEnvironmentVariable(ModelsVariable) is { Length: > 0 } env)
        {
            models.Add(env);
        }

        models.Add(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "slideembed", "models"));
        return new ModelCatalog(manifests.Concat(models), models);
    }

    /// <summary>The extra model folders, searched after a manifest's own folder.</summary>
    public IReadOnlyList<string> ModelDirectories => _modelDirs;

    /// <summary>Names of every manifest the catalog can see.</summary>
    /// <returns>Model names, sorted.</returns>
    public IReadOnlyList<string> ListNames() =>
        _manifestDirs.Where(Directory.Exists)
            .SelectMany(d => Directory.EnumerateFiles(d, "*.json"))
            .Select(Path.GetFileNameWithoutExtension)
            .OfType<string>()
            .Where(n => !n.Contains('.', StringComparison.Ordinal) && !n.EndsWith("-slide", StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>Loads the manifest of a model given by name or by a path to its JSON.</summary>
    /// <param name="nameOrPath">A model name such as <c>uni</c>, or a path ending in <c>.json</c>.</param>
    /// <returns>The manifest.</returns>
    /// <exception cref="ModelManifestException">No such model, or the manifest is invalid.</exception>
    public ModelManifest Find(string nameOrPath)
    {
        ArgumentNullException.ThrowIfNull(nameOrPath);
        if (nameOrPath.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            return ModelManifest.Load(nameOrPath);
        }

        foreach (var dir in _manifestDirs)
        {
            var path = Path.Combine(dir, nameOrPath + ".json");
            if (File.Exists(path))
            {
                return ModelManifest.Load(path);
            }
        }

        var known = ListNames();
        throw new ModelManifestException(
            $"No model named '{nameOrPath}'. Known models: {(known.Count == 0 ? "none" : string.Join(", ", known))}. " +
            $"Add your own with a manifest JSON (see manifests/README.md) and pass its path to --model.");
    }

    /// <summary>Path of the manifest file named <paramref name="name"/> (any kind of manifest), or null.</summary>
    /// <param name="name">Manifest name (file stem).</param>
    /// <returns>The full path or null.</returns>
    public string? FindManifestPath(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return _manifestDirs.Select(d => Path.Combine(d, name + ".json")).FirstOrDefault(File.Exists);
    }

    /// <summary>The ONNX file of a manifest, checked to exist and (when the manifest gives one) to match its SHA-256.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <returns>Full path of the model file.</returns>
    /// <exception cref="ModelManifestException">The file is missing (the message gives the export command) or its checksum differs.</exception>
    public string LocateModelFile(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var candidates = ModelFileCandidates(manifest);
        if (candidates.FirstOrDefault(File.Exists) is { } path)
        {
            VerifyChecksum(manifest, path);
            return path;
        }

        var dirs = candidates.Select(Path.GetDirectoryName);
        throw new ModelManifestException(
            $"The ONNX file '{manifest.OnnxFile}' of model '{manifest.Name}' was not found in {string.Join(", ", dirs)}. " +
            $"Export it with: {manifest.ExportCommand}");
    }

    /// <summary>Where a manifest's ONNX file is looked for, in order: beside the manifest, then the model folders.</summary>
    /// <param name="manifest">The manifest.</param>
    /// <returns>Full candidate paths; the first that exists is the model file.</returns>
    public IReadOnlyList<string> ModelFileCandidates(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var dirs = new List<string>();
        if (manifest.ManifestPath is { } mp)
        {
            dirs.Add(Path.GetDirectoryName(Path.GetFullPath(mp))!);
        }

        dirs.AddRange(_modelDirs);
        return dirs.Select(d => Path.GetFullPath(Path.Combine(d, manifest.OnnxFile))).Distinct(StringComparer.Ordinal).ToList();
    }

    private static void VerifyChecksum(ModelManifest manifest, string path)
    {
        if (manifest.OnnxSha256 is null)
        {
            return;
        }

        using var stream = File.OpenRead(path);
        var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        if (!string.Equals(actual, manifest.OnnxSha256, StringComparison.Ordinal))
        {
            throw new ModelManifestException(
                $"The ONNX file '{path}' of model '{manifest.Name}' has SHA-256 {actual}, but the manifest expects {manifest.OnnxSha256}. " +
                $"The file is corrupt or belongs to another model version; export it again with: {manifest.ExportCommand}");
        }
    }
}

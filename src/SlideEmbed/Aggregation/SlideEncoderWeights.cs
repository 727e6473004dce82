using System.Security.Cryptography;
using SlideEmbed.Models;

namespace SlideEmbed.Aggregation;

/// <summary>Where slide-encoder weights are looked up and how their hash is checked, for every slide-encoder manifest.</summary>
internal static class SlideEncoderWeights
{
    /// <summary>The folders searched after the manifest's own: <c>$SLIDEEMBED_MODELS</c>, then <c>~/.cache/slideembed/models</c>.</summary>
    /// <returns>The folders, in order.</returns>
    public static List<string> DefaultDirectories()
    {
        var dirs = new List<string>();
        if (Environment.GetEnvironmentVariable(ModelCatalog.ModelsVariable) is { Length: > 0 } env)
        {
            dirs.Add(env);
        }

        dirs.Add(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "slideembed", "models"));
        return dirs;
    }

    /// <summary>Finds a weights file next to the manifest, then in each folder in order.</summary>
    /// <param name="name">Encoder name for the message.</param>
    /// <param name="manifestPath">The manifest file, or null.</param>
    /// <param name="weightsFile">The file name.</param>
    /// <param name="convertCommand">The command that produces it.</param>
    /// <param name="modelDirs">Folders searched after the manifest's.</param>
    /// <returns>The full path.</returns>
    /// <exception cref="ModelManifestException">Not found; the message gives the convert command.</exception>
    public static string Find(string name, string? manifestPath, string weightsFile, string convertCommand, IEnumerable<string> modelDirs)
    {
        ArgumentNullException.ThrowIfNull(modelDirs);
        var dirs = new List<string>();
        if (manifestPath is not null)
        {
            dirs.Add(Path.GetDirectoryName(Path.GetFullPath(manifestPath))!);
        }

        dirs.AddRange(modelDirs);
        foreach (var dir in dirs)
        {
            var candidate = Path.Combine(dir, weightsFile);
            var info = new FileInfo(candidate);
            if (info.LinkTarget is not null)
            {
                // A link (a Hugging Face cache, a shared model folder) is used as is, and must lead to a file.
                return ResolvedLink(name, info, convertCommand);
            }

            if (info.Exists)
            {
                return Path.GetFullPath(candidate);
            }
        }

        throw new ModelManifestException($"{name}: weights '{weightsFile}' not found in {string.Join(", ", dirs)}. Produce them with: {convertCommand}");
    }

    /// <summary>Throws when a hash is expected and the file's differs.</summary>
    /// <param name="name">Encoder name for the message.</param>
    /// <param name="weightsPath">The file.</param>
    /// <param name="expected">Lower-case hex SHA-256, or null to skip.</param>
    /// <param name="convertCommand">The command that produces it.</param>
    /// <exception cref="ModelManifestException">The hashes differ.</exception>
    public static void CheckSha256(string name, string weightsPath, string? expected, string convertCommand)
    {
        if (expected is null)
        {
            return;
        }

        using var stream = File.OpenRead(weightsPath);
        var actual = Convert.ToHexStringLower(SHA256.HashData(stream));
        if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelManifestException($"{name}: {weightsPath} has SHA-256 {actual}, the manifest expects {expected}. Re-run: {convertCommand}");
        }
    }

    private static string ResolvedLink(string name, FileInfo link, string convertCommand)
    {
        FileSystemInfo? target;
        try
        {
            target = File.ResolveLinkTarget(link.FullName, returnFinalTarget: true);
        }
        catch (IOException e)
        {
            throw new ModelManifestException($"{name}: weights {link.FullName} is a symbolic link that cannot be followed ({e.Message}).", e);
        }

        if (target is null || !File.Exists(target.FullName))
        {
            throw new ModelManifestException($"{name}: weights {link.FullName} is a symbolic link to {target?.FullName ?? link.LinkTarget}, which does not exist. Produce the weights with: {convertCommand}");
        }

        return link.FullName;
    }
}

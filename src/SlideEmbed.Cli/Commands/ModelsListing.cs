namespace SlideEmbed.Cli.Commands;

/// <summary>One line of <c>slideembed models list</c>.</summary>
internal static class ModelsListing
{
    /// <summary>Describes a manifest: file found or not, where it was looked for, parity status.</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="cache">The verification cache.</param>
    /// <param name="name">Manifest name.</param>
    /// <returns>One line.</returns>
    public static string Describe(ModelCatalog catalog, VerificationCache cache, string name)
    {
        ModelManifest manifest;
        try
        {
            manifest = catalog.Find(name);
        }
        catch (ModelManifestException e)
        {
            return $"{name,-16} invalid manifest: {e.Message}";
        }

        var candidates = catalog.ModelFileCandidates(manifest);
        var path = candidates.FirstOrDefault(File.Exists);
        if (path is null)
        {
            return $"{name,-16} not found        looked for {string.Join(", ", candidates)}";
        }

        var check = ParityVerifier.FindCheck(manifest, path);
        var status = check is null ? "found, no check"
            : cache.IsVerified(cache.Key(path, check)) ? "found, verified"
            : "found, unverified";
        return $"{name,-16} {status,-17} {path}";
    }
}

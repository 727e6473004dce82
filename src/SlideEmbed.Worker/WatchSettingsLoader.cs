using System.Text.Json;
using SlideEmbed.Configuration;

namespace SlideEmbed.Worker;

/// <summary>
/// Builds <see cref="WatchSettings"/> from the same layers as the batch run, in order: defaults, the JSON
/// configuration file (keys of <see cref="OptionTable"/> and <see cref="WatchOptionTable"/> in one object,
/// comments allowed, unknown keys rejected naming them), <c>SLIDEEMBED_*</c> environment variables, then
/// command-line flags. The output folder is the shared <c>out</c> setting.
/// </summary>
/// <remarks>
/// <see cref="OptionsLoader"/> rejects keys it does not know, so the worker applies both tables itself
/// with the same rules and messages rather than passing its own keys through it.
/// </remarks>
public static class WatchSettingsLoader
{
    /// <summary>Loads the layers.</summary>
    /// <param name="configPath">The configuration file, or null.</param>
    /// <param name="environment">Environment variables (name to value); null reads the process environment.</param>
    /// <param name="flags">Flags given on the command line (key to text, null text for a bare boolean flag), of either table.</param>
    /// <returns>The settings, validated.</returns>
    /// <exception cref="FormatException">A value is malformed, a key unknown or a required setting missing; the message says which and where it came from.</exception>
    public static WatchSettings Load(string? configPath, IReadOnlyDictionary<string, string>? environment, IReadOnlyDictionary<string, string?> flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        var embedding = new SlideEmbedOptions();
        var watch = new WatchOptions();
        if (configPath is not null)
        {
            ApplyFile(embedding, watch, configPath);
        }

        var env = environment ?? OptionsLoader.ProcessEnvironment();
        foreach (var (name, text) in env.Where(e => e.Key.StartsWith("SLIDEEMBED_", StringComparison.Ordinal)).OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (OptionsLoader.NonSettingVariables.Contains(name))
            {
                continue;
            }

            if (!TryApply(embedding, watch, OptionTable.All.FirstOrDefault(s => s.EnvironmentVariable == name)?.Key ?? WatchOptionTable.All.FirstOrDefault(s => s.EnvironmentVariable == name)?.Key, text, name))
            {
                throw new FormatException($"Unknown environment variable {name}; known: {string.Join(", ", OptionTable.All.Select(s => s.EnvironmentVariable).Concat(WatchOptionTable.All.Select(s => s.EnvironmentVariable)))}.");
            }
        }

        foreach (var (key, text) in flags)
        {
            if (!TryApply(embedding, watch, key, text, $"--{key}", bareFlag: true))
            {
                throw new FormatException($"Unknown option '--{key}'.");
            }
        }

        if (embedding.Model is null)
        {
            throw new FormatException("The model is required (--model, SLIDEEMBED_MODEL or 'model' in the configuration file).");
        }

        watch.OutputFolder = embedding.Out;
        watch.Validate();
        return new WatchSettings(embedding, watch);
    }

    /// <summary>The environment variables of the worker's own settings (which <c>embed</c> tolerates).</summary>
    public static IEnumerable<string> WatchVariables => WatchOptionTable.All.Select(s => s.EnvironmentVariable);

    /// <summary>Every key either table knows, in documentation order.</summary>
    public static IEnumerable<string> Keys => OptionTable.All.Select(s => s.Key).Concat(WatchOptionTable.All.Select(s => s.Key));

    private static bool TryApply(SlideEmbedOptions embedding, WatchOptions watch, string? key, string? text, string origin, bool bareFlag = false)
    {
        if (key is null)
        {
            return false;
        }

        try
        {
            if (OptionTable.Find(key) is { } spec)
            {
                spec.Apply(embedding, bareFlag && spec.Kind == "bool" ? text ?? "true" : text);
                return true;
            }

            if (WatchOptionTable.Find(key) is { } watchSpec)
            {
                watchSpec.Apply(watch, text);
                return true;
            }

            return false;
        }
        catch (FormatException e)
        {
            throw new FormatException($"{origin}: {e.Message}", e);
        }
    }

    private static void ApplyFile(SlideEmbedOptions embedding, WatchOptions watch, string path)
    {
        foreach (var (key, text) in OptionsLoader.ReadConfigFile(path, k => OptionTable.Find(k) is not null || WatchOptionTable.Find(k) is not null, Keys))
        {
            TryApply(embedding, watch, key, text, $"'{key}' in {path}");
        }
    }
}

using System.Text.Json;

namespace SlideEmbed.Configuration;

/// <summary>
/// The one loader of settings: builds <see cref="SlideEmbedOptions"/> from the layers in order: defaults,
/// the JSON configuration file, <c>SLIDEEMBED_*</c> environment variables, then command-line flags. The
/// file and the environment may hold every setting of <see cref="OptionTable.Rows"/> (one file and one
/// environment serve <c>embed</c>, <c>tiles</c>, <c>watch</c> and <c>config</c>); unknown keys and
/// variables are rejected naming them, and every value is validated by its row wherever it is read.
/// </summary>
public static class OptionsLoader
{
    /// <summary>Variables with the <c>SLIDEEMBED_</c> prefix that are not settings: the model folder and test switches.</summary>
    public static readonly IReadOnlySet<string> NonSettingVariables = new HashSet<string>(StringComparer.Ordinal) { "SLIDEEMBED_MODELS", "SLIDEEMBED_SHARED", "SLIDEEMBED_SLOW_TESTS", Slides.SlideShard.CountVariable };

    /// <summary>Loads the layers.</summary>
    /// <param name="configPath">The configuration file, or null.</param>
    /// <param name="environment">Environment variables (name to value); null reads the process environment.</param>
    /// <param name="flags">Flags given on the command line (key to text, null text for a bare boolean flag).</param>
    /// <returns>The options, every value validated.</returns>
    /// <exception cref="FormatException">A value is malformed or a key unknown; the message names it and where it came from.</exception>
    public static SlideEmbedOptions Load(string? configPath, IReadOnlyDictionary<string, string>? environment, IReadOnlyDictionary<string, string?> flags)
    {
        ArgumentNullException.ThrowIfNull(flags);
        var options = new SlideEmbedOptions();
        if (configPath is not null)
        {
            foreach (var (key, text) in ReadConfigFile(configPath, k => OptionTable.Find(k) is not null, OptionTable.Rows.Select(s => s.Key)))
            {
                Apply(OptionTable.Find(key)!, options, text, $"'{key}' in {configPath}");
            }
        }

        var env = environment ?? ProcessEnvironment();
        foreach (var spec in OptionTable.Rows)
        {
            if (env.TryGetValue(spec.EnvironmentVariable, out var text))
            {
                Apply(spec, options, text, spec.EnvironmentVariable);
            }
        }

        var unknownEnv = env.Keys.Where(k => k.StartsWith("SLIDEEMBED_", StringComparison.Ordinal) && !NonSettingVariables.Contains(k)
            && !OptionTable.Rows.Any(s => s.EnvironmentVariable == k)).Order(StringComparer.Ordinal).ToList();
        if (unknownEnv.Count > 0)
        {
            throw new FormatException($"Unknown environment variable(s) {string.Join(", ", unknownEnv)}; known: {string.Join(", ", OptionTable.Rows.Select(s => s.EnvironmentVariable))}.");
        }

        foreach (var (key, text) in flags)
        {
            var spec = OptionTable.Find(key) ?? throw new FormatException($"Unknown option '--{key}'.");
            Apply(spec, options, spec.Kind == "bool" ? text ?? "true" : text, $"--{key}");
        }

        return options;
    }

    /// <summary>
    /// Reads a JSON configuration file (one object; comments and trailing commas allowed) as its keys with
    /// each value as the text a flag would carry (null for JSON null), in file order.
    /// </summary>
    /// <param name="path">The file.</param>
    /// <param name="isKnown">Whether a key is a setting; any other key is an error naming it.</param>
    /// <param name="knownKeys">The keys to list in that error.</param>
    /// <returns>(key, text) pairs.</returns>
    /// <exception cref="FormatException">Unreadable file, invalid JSON, not an object, an unknown key, or a value that is not a string, number, boolean or null.</exception>
    public static IReadOnlyList<(string Key, string? Text)> ReadConfigFile(string path, Func<string, bool> isKnown, IEnumerable<string> knownKeys)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(isKnown);
        ArgumentNullException.ThrowIfNull(knownKeys);
        if (Directory.Exists(path))
        {
            throw new FormatException($"Configuration file '{path}' is a folder; give the JSON file.");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(File.ReadAllBytes(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            throw new FormatException($"Configuration file '{path}' is not valid JSON: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new FormatException($"Cannot read configuration file '{path}': {e.Message}", e);
        }

        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException($"Configuration file '{path}' must hold one JSON object.");
            }

            var unknown = doc.RootElement.EnumerateObject().Select(p => p.Name).Where(n => !isKnown(n)).ToList();
            if (unknown.Count > 0)
            {
                throw new FormatException($"Configuration file '{path}' has unknown key(s) {string.Join(", ", unknown.Select(u => $"'{u}'"))}; known keys: {string.Join(", ", knownKeys)}.");
            }

            return doc.RootElement.EnumerateObject().Select(property => (property.Name, property.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Number => property.Value.GetRawText(),
                _ => throw new FormatException($"Configuration file '{path}': '{property.Name}' must be a string, number, boolean or null."),
            })).ToList();
        }
    }

    /// <summary>The process's environment variables.</summary>
    /// <returns>Name to value.</returns>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (System.Collections.DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string k && entry.Value is string v)
            {
                result[k] = v;
            }
        }

        return result;
    }

    private static void Apply(OptionSpec spec, SlideEmbedOptions options, string? text, string origin)
    {
        try
        {
            spec.Apply(options, text);
        }
        catch (FormatException e)
        {
            throw new FormatException($"{origin}: {e.Message}", e);
        }
    }
}

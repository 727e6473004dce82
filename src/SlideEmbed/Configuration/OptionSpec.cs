namespace SlideEmbed.Configuration;

/// <summary>One setting: its key (kebab-case; the flag is <c>--key</c>, the variable <c>SLIDEEMBED_KEY</c>), help, kind and how to apply a value.</summary>
/// <param name="Key">The key as written in the configuration file and on the command line.</param>
/// <param name="Kind">Value kind: <c>string</c>, <c>int</c>, <c>double</c>, <c>bool</c>.</param>
/// <param name="Help">What it does, its unit and default.</param>
/// <param name="Apply">Sets the value from text (already validated for the kind); null clears nullable settings.</param>
/// <param name="Read">Reads the current value as text (for the effective configuration), or null.</param>
public sealed record OptionSpec(string Key, string Kind, string Help, Action<SlideEmbedOptions, string?> Apply, Func<SlideEmbedOptions, string?> Read)
{
    /// <summary>The environment variable name, e.g. <c>SLIDEEMBED_BATCH_SIZE</c>.</summary>
    public string EnvironmentVariable => "SLIDEEMBED_" + Key.ToUpperInvariant().Replace('-', '_');
}

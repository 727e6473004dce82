namespace SlideEmbed.Configuration;

/// <summary>One setting: its key (kebab-case; the flag is <c>--key</c>, the variable <c>SLIDEEMBED_KEY</c>), help, kind, the commands that take it and how to apply a value.</summary>
/// <param name="Key">The key as written in the configuration file and on the command line.</param>
/// <param name="Kind">Value kind: <c>string</c>, <c>int</c>, <c>double</c>, <c>bool</c> or <c>seconds</c> (a number of seconds, fractions allowed).</param>
/// <param name="Help">What it does, its unit, range and default.</param>
/// <param name="Scope">The commands that take it as a flag (the file and the environment may hold it for any command).</param>
/// <param name="Apply">Sets the value from text, validating kind and range (<see cref="FormatException"/> naming the key); null clears nullable settings.</param>
/// <param name="Read">Reads the current value as text (for the effective configuration), or null.</param>
public sealed record OptionSpec(string Key, string Kind, string Help, OptionScope Scope, Action<SlideEmbedOptions, string?> Apply, Func<SlideEmbedOptions, string?> Read)
{
    /// <summary>The environment variable name, e.g. <c>SLIDEEMBED_BATCH_SIZE</c>.</summary>
    public string EnvironmentVariable => "SLIDEEMBED_" + Key.ToUpperInvariant().Replace('-', '_');

    /// <summary>Whether a command of <paramref name="scope"/> takes this setting as a flag.</summary>
    /// <param name="scope">The command.</param>
    /// <returns>True when it does.</returns>
    public bool In(OptionScope scope) => (Scope & scope) != 0;
}

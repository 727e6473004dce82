namespace SlideEmbed.Worker;

/// <summary>
/// One watch setting: its key (kebab-case; the flag is <c>--key</c>, the variable <c>SLIDEEMBED_KEY</c>),
/// kind, help and how to apply and read a value. The counterpart of
/// <see cref="Configuration.OptionSpec"/> for <see cref="WatchOptions"/>.
/// </summary>
/// <param name="Key">The key as written in the configuration file and on the command line.</param>
/// <param name="Kind">Value kind: <c>string</c>, <c>int</c> or <c>seconds</c> (a number of seconds, fractions allowed).</param>
/// <param name="Help">What it does, its unit and default.</param>
/// <param name="Apply">Sets the value from text; throws <see cref="FormatException"/> for a malformed value.</param>
/// <param name="Read">Reads the current value as text.</param>
public sealed record WatchSettingSpec(string Key, string Kind, string Help, Action<WatchOptions, string?> Apply, Func<WatchOptions, string?> Read)
{
    /// <summary>The environment variable name, e.g. <c>SLIDEEMBED_QUIET_PERIOD</c>.</summary>
    public string EnvironmentVariable => "SLIDEEMBED_" + Key.ToUpperInvariant().Replace('-', '_');
}

using System.Globalization;

namespace SlideEmbed.Configuration;

/// <summary>The kinds of value a setting has: parsing, range checks and the messages that name the key.</summary>
public static partial class OptionTable
{
    private static OptionSpec Str(string key, OptionScope scope, string help, Action<SlideEmbedOptions, string?> set, Func<SlideEmbedOptions, string?> get) =>
        new(key, "string", help, scope, set, get);

    private static OptionSpec Choice(string key, OptionScope scope, string help, string[] choices, Action<SlideEmbedOptions, string?> set, Func<SlideEmbedOptions, string?> get) =>
        new(key, "string", help, scope, (o, v) => set(o, v is null || choices.Contains(v, StringComparer.Ordinal) ? v : throw new FormatException($"'{key}' must be one of {string.Join(", ", choices)}, not '{v}'.")), get);

    /// <summary>A choice written in any case, with surrounding spaces; null is not a value.</summary>
    private static OptionSpec LooseChoice(string key, OptionScope scope, string help, string[] choices, Action<SlideEmbedOptions, string> set, Func<SlideEmbedOptions, string> get) =>
        new(key, "string", help, scope, (o, v) => set(o, v?.Trim().ToLowerInvariant() is { } t && choices.Contains(t, StringComparer.Ordinal) ? t : throw new FormatException($"'{key}' must be {string.Join(" or ", choices)}, not '{v}'.")), get);

    private static OptionSpec Bool(string key, OptionScope scope, string help, Action<SlideEmbedOptions, bool> set, Func<SlideEmbedOptions, bool> get) =>
        new(key, "bool", help, scope, (o, v) => set(o, v is not null && ParseBool(key, v)), o => get(o) ? "true" : "false");

    private static OptionSpec Int(string key, OptionScope scope, string help, Action<SlideEmbedOptions, int> set, Func<SlideEmbedOptions, int> get, int min, int max) =>
        new(key, "int", help, scope, (o, v) => set(o, InRange(key, ParseInt(key, v), min, max)), o => get(o).ToString(s_c));

    private static OptionSpec NullableInt(string key, OptionScope scope, string help, Action<SlideEmbedOptions, int?> set, Func<SlideEmbedOptions, int?> get, int min, int max) =>
        new(key, "int", help, scope, (o, v) => set(o, string.IsNullOrEmpty(v) ? null : InRange(key, ParseInt(key, v), min, max)), o => get(o)?.ToString(s_c));

    private static OptionSpec Double(string key, OptionScope scope, string help, Action<SlideEmbedOptions, double> set, Func<SlideEmbedOptions, double> get, double min, double max) =>
        new(key, "double", help, scope, (o, v) => set(o, InRange(key, ParseDouble(key, v), min, max)), o => get(o).ToString("R", s_c));

    private static OptionSpec NullableDouble(string key, OptionScope scope, string help, Action<SlideEmbedOptions, double?> set, Func<SlideEmbedOptions, double?> get, double min, double max) =>
        new(key, "double", help, scope, (o, v) => set(o, string.IsNullOrEmpty(v) ? null : InRange(key, ParseDouble(key, v), min, max)), o => get(o)?.ToString("R", s_c));

    private static OptionSpec Seconds(string key, OptionScope scope, string help, Action<SlideEmbedOptions, TimeSpan> set, Func<SlideEmbedOptions, TimeSpan> get, bool allowZero) =>
        new(key, "seconds", help, scope, (o, v) => set(o, ParseSeconds(key, v, allowZero)), o => get(o).TotalSeconds.ToString("R", s_c));

    private static T InRange<T>(string key, T value, T min, T max)
        where T : IComparable<T>, IFormattable =>
        value.CompareTo(min) >= 0 && value.CompareTo(max) <= 0
            ? value
            : throw new FormatException(max is int.MaxValue
                ? $"'{key}' must be at least {min.ToString(null, s_c)}, not {value.ToString(null, s_c)}."
                : $"'{key}' must be between {min.ToString(null, s_c)} and {max.ToString(null, s_c)}, not {value.ToString(null, s_c)}.");

    private static bool ParseBool(string key, string text) => text.Trim().ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "on" => true,
        "false" or "0" or "no" or "off" => false,
        _ => throw new FormatException($"'{key}' must be true or false, not '{text}'."),
    };

    private static int ParseInt(string key, string? text) =>
        int.TryParse(text, NumberStyles.Integer, s_c, out var v) ? v : throw new FormatException($"'{key}' must be a whole number, not '{text}'.");

    private static double ParseDouble(string key, string? text) =>
        double.TryParse(text, NumberStyles.Float, s_c, out var v) && double.IsFinite(v) ? v : throw new FormatException($"'{key}' must be a number, not '{text}'.");

    private static TimeSpan ParseSeconds(string key, string? text, bool allowZero) =>
        double.TryParse(text, NumberStyles.Float, s_c, out var v) && double.IsFinite(v) && (allowZero ? v >= 0 : v > 0) && v < TimeSpan.MaxValue.TotalSeconds / 2
            ? TimeSpan.FromSeconds(v)
            : throw new FormatException($"'{key}' must be a number of seconds, {(allowZero ? "zero or more" : "more than zero")}, not '{text}'.");
}

using System.Collections.ObjectModel;
using System.Globalization;

namespace SlideEmbed.Tissue;

/// <summary>Invariant formatting of detector parameters for provenance.</summary>
internal static class ParameterFormat
{
    /// <summary>Shortest round-trip invariant form of a number.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The text.</returns>
    public static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>Invariant form of an integer.</summary>
    /// <param name="value">The number.</param>
    /// <returns>The text.</returns>
    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Lower-case boolean.</summary>
    /// <param name="value">The flag.</param>
    /// <returns><c>true</c> or <c>false</c>.</returns>
    public static string Flag(bool value) => value ? "true" : "false";

    /// <summary>A new map with ordinal, sorted keys.</summary>
    /// <returns>The map.</returns>
    public static SortedDictionary<string, string> NewMap() => new(StringComparer.Ordinal);

    /// <summary>A read-only view of a map.</summary>
    /// <param name="map">The map.</param>
    /// <returns>The view.</returns>
    public static IReadOnlyDictionary<string, string> Freeze(IDictionary<string, string> map) => new ReadOnlyDictionary<string, string>(map);
}

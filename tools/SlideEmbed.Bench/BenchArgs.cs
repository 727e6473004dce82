using System.Globalization;

namespace SlideEmbed.Bench;

/// <summary>
/// Parsed <c>--name value</c> options after the benchmark name. Unknown options are an error, so a
/// typo never silently runs a different benchmark than the one asked for.
/// </summary>
internal sealed class BenchArgs
{
    private readonly Dictionary<string, string> _values;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private BenchArgs(Dictionary<string, string> values) => _values = values;

    public static BenchArgs Parse(IEnumerable<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        using var e = args.GetEnumerator();
        while (e.MoveNext())
        {
            var key = e.Current;
            if (!key.StartsWith("--", StringComparison.Ordinal))
            {
                throw new ArgumentException($"Unexpected argument '{key}'; options are --name value.");
            }

            if (!e.MoveNext())
            {
                throw new ArgumentException($"Option '{key}' needs a value.");
            }

            values[key[2..]] = e.Current;
        }

        return new BenchArgs(values);
    }

    public string? String(string name)
    {
        _used.Add(name);
        return _values.GetValueOrDefault(name);
    }

    public string String(string name, string fallback) => String(name) ?? fallback;

    public int Int(string name, int fallback)
    {
        var text = String(name);
        return text is null ? fallback : int.Parse(text, NumberStyles.Integer, CultureInfo.InvariantCulture);
    }

    /// <summary>Throws when an option was given that no benchmark read.</summary>
    public void ThrowIfUnused()
    {
        var unknown = _values.Keys.Where(k => !_used.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new ArgumentException($"Unknown option(s) for this benchmark: {string.Join(", ", unknown.Select(k => "--" + k))}.");
        }
    }
}

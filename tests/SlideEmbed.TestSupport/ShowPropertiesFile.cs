namespace SlideEmbed.TestSupport;

/// <summary>Parses the output of <c>openslide-show-properties</c>: lines <c>name: 'value'</c>, values may span lines.</summary>
public static class ShowPropertiesFile
{
    /// <summary>Parses the text; returns null when it is an error message (the file did not open).</summary>
    /// <param name="text">The file's text.</param>
    /// <returns>Property name to value, or null.</returns>
    public static IReadOnlyDictionary<string, string>? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.StartsWith("openslide-show-properties:", StringComparison.Ordinal))
        {
            return null;
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 0;
        while (i < text.Length)
        {
            var colon = text.IndexOf(": '", i, StringComparison.Ordinal);
            if (colon < 0)
            {
                break;
            }

            var name = text[i..colon];
            var start = colon + 3;
            // A value ends at a quote followed by a newline (or the end) and then a new "name: '" line.
            var end = start;
            while (true)
            {
                end = text.IndexOf("'\n", end, StringComparison.Ordinal);
                if (end < 0)
                {
                    end = text.LastIndexOf('\'');
                    break;
                }

                var next = end + 2;
                if (next >= text.Length || LooksLikeNewEntry(text, next))
                {
                    break;
                }

                end++;
            }

            result[name] = text[start..end];
            i = end + 2;
        }

        return result;
    }

    private static bool LooksLikeNewEntry(string text, int at)
    {
        var lineEnd = text.IndexOf('\n', at);
        var line = lineEnd < 0 ? text[at..] : text[at..lineEnd];
        var colon = line.IndexOf(": '", StringComparison.Ordinal);
        return colon > 0 && !line[..colon].Contains(' ', StringComparison.Ordinal) || (colon > 0 && line.StartsWith("aperio.", StringComparison.Ordinal));
    }
}

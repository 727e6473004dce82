using System.Globalization;

namespace SlideEmbed.Arrow.Cohort;

/// <summary>
/// A user's per-tile scores: a CSV with a header row, a <c>tile_index</c> column and a numeric score
/// column (the one named, else the first other column). Empty cells and tiles not listed have no score.
/// </summary>
public static class ScoreCsv
{
    /// <summary>Reads the scores.</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="column">The score column's name, or null for the first column that is not <c>tile_index</c>.</param>
    /// <returns>The column's name and the score of each listed tile.</returns>
    /// <exception cref="InvalidDataException">Missing columns or a value that is not a number; the message names the file and line.</exception>
    public static (string Name, Dictionary<int, double> Scores) Read(string path, string? column)
    {
        using var reader = new StreamReader(path);
        var header = reader.ReadLine()?.Split(',').Select(h => h.Trim().Trim('"')).ToArray()
            ?? throw new InvalidDataException($"'{path}' is empty; expected a header 'tile_index,score' and one row per tile.");
        var indexColumn = Array.IndexOf(header, "tile_index");
        var scoreColumn = column is null ? Array.FindIndex(header, h => h != "tile_index") : Array.IndexOf(header, column);
        if (indexColumn < 0 || scoreColumn < 0)
        {
            throw new InvalidDataException($"'{path}' needs a header with a 'tile_index' column and {(column is null ? "a score column" : $"a '{column}' column")} (found: {string.Join(", ", header)}).");
        }

        var scores = new Dictionary<int, double>();
        var line = 1;
        while (reader.ReadLine() is { } text)
        {
            line++;
            if (text.Trim().Length == 0)
            {
                continue;
            }

            var cells = text.Split(',');
            if (cells.Length <= Math.Max(indexColumn, scoreColumn)
                || !int.TryParse(cells[indexColumn].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var index))
            {
                throw new InvalidDataException($"'{path}' line {line}: expected a tile_index and a {header[scoreColumn]} value.");
            }

            var cell = cells[scoreColumn].Trim();
            if (cell.Length == 0)
            {
                continue;
            }

            if (!double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                throw new InvalidDataException($"'{path}' line {line}: '{cell}' is not a number.");
            }

            scores[index] = value;
        }

        return (header[scoreColumn], scores);
    }
}

namespace SlideEmbed.Aggregation;

/// <summary>The tokens TITAN's grid step yields: one summed feature row per non-empty cell, row-major by (x cell, y cell).</summary>
/// <param name="Features">Row-major <c>Count x dimension</c> cell features (float64 sums rounded to float32).</param>
/// <param name="Count">Number of non-empty cells.</param>
/// <param name="Columns">Each token's x cell, counted from the leftmost tile.</param>
/// <param name="Rows">Each token's y cell, counted from the topmost tile.</param>
internal sealed record TitanTokens(float[] Features, int Count, int[] Columns, int[] Rows);

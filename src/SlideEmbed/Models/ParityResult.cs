using System.Globalization;

namespace SlideEmbed.Models;

/// <summary>The outcome of a <see cref="ParityCheck"/>.</summary>
/// <param name="Passed">Whether the runtime reproduced the reference within tolerance.</param>
/// <param name="MaxAbsDifference">Largest absolute difference over the stored values.</param>
/// <param name="Norm">The runtime embedding's L2 norm (NaN when it could not be compared).</param>
/// <param name="ReferenceNorm">The reference norm.</param>
/// <param name="Tolerance">The relative tolerance applied.</param>
/// <param name="Problem">Why the comparison could not be made, or null.</param>
public sealed record ParityResult(bool Passed, double MaxAbsDifference, double Norm, double ReferenceNorm, double Tolerance, string? Problem)
{
    /// <summary>One line for people: differences and the tolerance.</summary>
    /// <returns>E.g. <c>max abs difference 2.1e-06 (tolerance 0.001), norm 12.5 vs 12.5</c>.</returns>
    public string Describe() =>
        Problem ?? string.Create(CultureInfo.InvariantCulture, $"max abs difference {MaxAbsDifference:G3} over the first values (tolerance {Tolerance:G3}, relative), norm {Norm:G6} vs {ReferenceNorm:G6}");
}

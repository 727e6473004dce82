using SlideEmbed.Slides;

namespace SlideEmbed.Pipeline;

/// <summary>
/// The work <see cref="SlideRun"/> does for one slide: embedding with a model (<see cref="SlideEmbeddingJob"/>)
/// or only the tile table (<c>tiles</c>). Writes one tile file per slide whose schema metadata carries the
/// provenance and <see cref="SlideEmbeddingJob.DigestKey"/>, which the resume check reads back.
/// </summary>
public interface ISlideJob
{
    /// <summary>A digest of everything besides the slide that changes its outputs (see <see cref="SettingsDigest"/>).</summary>
    /// <param name="path">Slide path.</param>
    /// <param name="mppOverrides">Resolution overrides.</param>
    /// <param name="extra">Further settings of the run that change the outputs (slide encoder, output format).</param>
    /// <returns>Lower-case hex SHA-256.</returns>
    string ConfigDigest(string path, MppOverrides? mppOverrides, string extra);

    /// <summary>Does the slide's work into <paramref name="outDir"/>.</summary>
    /// <param name="path">Slide path.</param>
    /// <param name="slideId">Slide id.</param>
    /// <param name="outDir">Where to write.</param>
    /// <param name="mppOverrides">Resolution overrides, or null.</param>
    /// <param name="digest">The digest to record (see <see cref="ConfigDigest"/>).</param>
    /// <param name="progress">Receives (tiles done, tiles total), or null.</param>
    /// <param name="cancellationToken">Stops the job; nothing is left half-written.</param>
    /// <returns>What was done.</returns>
    /// <exception cref="SlideException">The slide could not be opened, read or resolved.</exception>
    Task<SlideEmbeddingResult> RunAsync(string path, string slideId, string outDir, MppOverrides? mppOverrides, string digest, IProgress<(int Done, int Total)>? progress, CancellationToken cancellationToken);
}

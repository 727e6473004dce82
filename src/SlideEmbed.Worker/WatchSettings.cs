using SlideEmbed.Configuration;

namespace SlideEmbed.Worker;

/// <summary>Everything a worker is configured with: the embedding settings shared with the batch run, and the watch settings.</summary>
/// <param name="Embedding">Model, tissue detection, devices and the other batch settings.</param>
/// <param name="Watch">Drop folder, quiet period, retries and the other watch settings.</param>
public sealed record WatchSettings(SlideEmbedOptions Embedding, WatchOptions Watch);

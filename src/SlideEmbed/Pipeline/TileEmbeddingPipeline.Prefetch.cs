using SlideEmbed.Models;

namespace SlideEmbed.Pipeline;

/// <content>Sharing the encoders between slides run at the same time (cross-slide prefetch).</content>
public sealed partial class TileEmbeddingPipeline
{
    /// <summary>The most slides a batch run reads ahead of the one being encoded, whatever the memory budget.</summary>
    public const int MaxSlidesAhead = 4;

    // One gate per encoder: slides run at once take turns, the earliest-started first.
    private readonly EncoderGate[] _gates;
    private long _slidesStarted;

    /// <summary>What the encoders did over every slide this pipeline ran.</summary>
    public EncoderActivity Activity { get; }

    /// <summary>
    /// The most memory one slide's pipeline holds in preprocessed tiles that wait for the encoder:
    /// (encoders + 2) batches and one tile per reader, of 3 x input² elements (4 bytes each in float32,
    /// 2 in float16). A slide read ahead of the one being encoded stops reading there until its turn.
    /// </summary>
    public long ReadAheadBytes
    {
        get
        {
            var element = _encoders[0].Precision == ModelPrecision.Fp16 ? 2L : 4L;
            var tiles = ((long)(_encoders.Count + 2) * _options.BatchSize) + _options.Readers;
            return tiles * 3L * _encoders[0].InputSize * _encoders[0].InputSize * element;
        }
    }

    /// <summary>How many slides a batch run may read ahead within a memory budget.</summary>
    /// <param name="budgetBytes">Memory for the tiles of slides read ahead; 0 turns prefetch off.</param>
    /// <returns>0 to <see cref="MaxSlidesAhead"/>: the budget over <see cref="ReadAheadBytes"/>.</returns>
    public int SlidesAheadWithin(long budgetBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budgetBytes);
        return (int)Math.Min(MaxSlidesAhead, budgetBytes / ReadAheadBytes);
    }
}

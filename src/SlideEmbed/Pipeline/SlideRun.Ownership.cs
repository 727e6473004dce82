using System.Globalization;
using SlideEmbed.Output;
using SlideEmbed.Slides;

namespace SlideEmbed.Pipeline;

/// <summary>Who owns an id's outputs, and whether a resolution override that a slide used still holds.</summary>
public sealed partial class SlideRun
{
    /// <summary>True when the id's outputs in the folder belong to the slide, false when to another slide, null when there are none.</summary>
    private bool? Owner(string outDir, string slideId, string path, bool samePathIsSameSlide)
    {
        foreach (var suffix in new[] { _sinks.Suffix, SlideOutputs.SlideSuffix })
        {
            if (ProvenanceRecord.TryRead(_sinks.TryReadMetadata(Path.Combine(outDir, slideId + suffix))) is not { } record)
            {
                continue;
            }

            if (samePathIsSameSlide && string.Equals(record.SlidePath, path, StringComparison.Ordinal))
            {
                return true;
            }

            try
            {
                var now = SlideFingerprint.Of(path);
                return samePathIsSameSlide ? record.IsSameSlide(path, now) : record.Fingerprint.SizeBytes == now.SizeBytes && record.Fingerprint.HeadTailSha256 == now.HeadTailSha256;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return false;
            }
        }

        return null;
    }

    /// <summary>
    /// A fallback override enters the digest only for slides that use it; for those, the value recorded in the
    /// tile file must still be the one given now.
    /// </summary>
    private string? OverrideChanged(SlideInput slide, ProvenanceRecord record)
    {
        var overrides = OverridesFor(slide);
        if (overrides.Mode != MppOverrideMode.Fallback
            || record.Config["slide_mpp_source"]?.GetValue<string>() != nameof(ResolutionSource.Override))
        {
            return null;
        }

        var now = overrides.Find(slide.Path);
        var x = record.Config["slide_mpp_x"]?.GetValue<double>();
        var y = record.Config["slide_mpp_y"]?.GetValue<double>();
        return now is not null && now.Mpp.X == x && now.Mpp.Y == y
            ? null
            : string.Create(CultureInfo.InvariantCulture, $"made with a resolution override of {x} x {y} um/px that is no longer given");
    }
}

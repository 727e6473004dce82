using SlideEmbed.Slides;

namespace SlideEmbed.Cli.Commands;

/// <summary>The <c>shard</c> setting applied to a run's discovered slide list, before the batch loop sees it.</summary>
internal static class ShardSelection
{
    /// <summary>The slides this process embeds.</summary>
    /// <param name="setting">The <c>shard</c> setting (<c>K/N</c>, <c>auto</c>) or null for the whole list.</param>
    /// <param name="slides">The whole discovered list.</param>
    /// <returns>The shard's slides and the shard (null: the whole list).</returns>
    /// <exception cref="FormatException">The setting cannot be resolved (e.g. <c>auto</c> outside a scheduler).</exception>
    public static (IReadOnlyList<SlideInput> Slides, SlideShard? Shard) Select(string? setting, IReadOnlyList<SlideInput> slides)
    {
        if (setting is null)
        {
            return (slides, null);
        }

        var shard = SlideShard.Resolve(setting, OptionsLoader.ProcessEnvironment());
        return (SlideShards.Select(slides, shard), shard);
    }
}

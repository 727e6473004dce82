namespace SlideEmbed.Pipeline;

/// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread, in order (unlike <see cref="Progress{T}"/>, which posts).</summary>
/// <typeparam name="T">Value type.</typeparam>
/// <param name="report">The handler.</param>
public sealed class InlineProgress<T>(Action<T> report) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => report(value);
}

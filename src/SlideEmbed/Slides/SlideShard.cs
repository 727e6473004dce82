using System.Globalization;

namespace SlideEmbed.Slides;

/// <summary>
/// One part of a run's slide list split over several processes: shard <see cref="Index"/> (0-based) of
/// <see cref="Count"/>. Written <c>K/N</c> on the command line (<c>--shard 0/4</c> ... <c>--shard 3/4</c>) and
/// <c>K-of-N</c> in file names. <see cref="SlideShards"/> decides which slides a shard takes.
/// </summary>
/// <param name="Index">0-based shard number, below <paramref name="Count"/>.</param>
/// <param name="Count">Number of shards, 1 or more.</param>
public readonly record struct SlideShard(int Index, int Count)
{
    /// <summary>Most shards a run can be split into.</summary>
    public const int MaxCount = 100_000;

    /// <summary>The value of <c>--shard</c> that takes the shard from the scheduler's environment.</summary>
    public const string Auto = "auto";

    /// <summary>
    /// With <c>--shard auto</c> outside Slurm: the number of shards, set in the job's pod template beside
    /// Kubernetes' <see cref="KubernetesIndexVariable"/> (the Indexed Job's <c>completions</c>).
    /// </summary>
    public const string CountVariable = "SLIDEEMBED_SHARD_COUNT";

    /// <summary>The 0-based pod index Kubernetes sets in every pod of an Indexed Job.</summary>
    public const string KubernetesIndexVariable = "JOB_COMPLETION_INDEX";

    /// <summary>The shard as written in file names: <c>K-of-N</c>.</summary>
    public string Tag => string.Create(CultureInfo.InvariantCulture, $"{Index}-of-{Count}");

    /// <summary>The shard as written on the command line: <c>K/N</c>.</summary>
    /// <returns>The text.</returns>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Index}/{Count}");

    /// <summary>
    /// Checks the text of the <c>shard</c> setting without resolving <c>auto</c>: <c>K/N</c> with
    /// 0 &lt;= K &lt; N &lt;= <see cref="MaxCount"/>, or <c>auto</c>.
    /// </summary>
    /// <param name="text">The setting.</param>
    /// <returns>The text, trimmed.</returns>
    /// <exception cref="FormatException">Neither form.</exception>
    public static string Validated(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.Trim();
        if (!string.Equals(trimmed, Auto, StringComparison.Ordinal))
        {
            _ = ParseExplicit(trimmed);
        }

        return trimmed;
    }

    /// <summary>
    /// Resolves the <c>shard</c> setting. <c>K/N</c> is taken as written. <c>auto</c> reads, in order,
    /// Slurm's <c>SLURM_ARRAY_TASK_ID</c>, <c>SLURM_ARRAY_TASK_COUNT</c> and <c>SLURM_ARRAY_TASK_MIN</c>
    /// (K = id - min, N = count), then Kubernetes' <see cref="KubernetesIndexVariable"/> with
    /// <see cref="CountVariable"/>.
    /// </summary>
    /// <param name="text">The setting.</param>
    /// <param name="environment">Environment variables (name to value).</param>
    /// <returns>The shard.</returns>
    /// <exception cref="FormatException">Malformed text, out-of-range numbers, or <c>auto</c> without a scheduler's variables.</exception>
    public static SlideShard Resolve(string text, IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(environment);
        if (!string.Equals(text.Trim(), Auto, StringComparison.Ordinal))
        {
            return ParseExplicit(text);
        }

        if (environment.TryGetValue("SLURM_ARRAY_TASK_ID", out var id))
        {
            var task = Number("SLURM_ARRAY_TASK_ID", id);
            var count = Number("SLURM_ARRAY_TASK_COUNT", environment.GetValueOrDefault("SLURM_ARRAY_TASK_COUNT"));
            var min = Number("SLURM_ARRAY_TASK_MIN", environment.GetValueOrDefault("SLURM_ARRAY_TASK_MIN") ?? "0");
            return Checked(task - min, count, "the Slurm array must be contiguous with step 1 (e.g. --array=0-3 or --array=0-99%8)");
        }

        if (environment.TryGetValue(KubernetesIndexVariable, out var index))
        {
            if (!environment.TryGetValue(CountVariable, out var count))
            {
                throw new FormatException($"--shard auto: {KubernetesIndexVariable} is set but {CountVariable} is not; set it to the Indexed Job's completions.");
            }

            return Checked(Number(KubernetesIndexVariable, index), Number(CountVariable, count), $"{CountVariable} must equal the job's completions");
        }

        throw new FormatException($"--shard auto needs a Slurm array task (SLURM_ARRAY_TASK_ID) or a Kubernetes Indexed Job pod ({KubernetesIndexVariable} with {CountVariable}); outside them give --shard K/N.");
    }

    private static SlideShard ParseExplicit(string text)
    {
        var parts = text.Trim().Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            throw new FormatException($"'shard' must be K/N (0-based shard K of N, e.g. 0/4) or auto, not '{text}'.");
        }

        return Checked(k, n, "K counts from 0");
    }

    private static SlideShard Checked(int index, int count, string hint) =>
        count is < 1 or > MaxCount
            ? throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"'shard': the number of shards must be between 1 and {MaxCount}, not {count}."))
            : index < 0 || index >= count
                ? throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"'shard': shard {index} is outside 0 to {count - 1} ({hint})."))
                : new SlideShard(index, count);

    private static int Number(string name, string? text) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new FormatException($"--shard auto: {name} must be a whole number, not '{text ?? "(unset)"}'.");
}

using System.Globalization;
using System.Security.Cryptography;

namespace SlideEmbed.Output;

/// <summary>
/// Identifies a slide file's content cheaply: size, modification time and the SHA-256 of its first
/// and last MiB. Resume compares fingerprints to decide whether an output still belongs to the file.
/// </summary>
/// <param name="SizeBytes">File size.</param>
/// <param name="ModifiedUtc">Last write time, UTC, ISO 8601 with ticks.</param>
/// <param name="HeadTailSha256">SHA-256 (hex) of the first MiB followed by the last MiB (the whole file when smaller than 2 MiB).</param>
public sealed record SlideFingerprint(long SizeBytes, string ModifiedUtc, string HeadTailSha256)
{
    private const int Chunk = 1 << 20;

    /// <summary>Computes the fingerprint of a file.</summary>
    /// <param name="path">The file (for MIRAX, the .mrxs).</param>
    /// <returns>The fingerprint.</returns>
    public static SlideFingerprint Of(string path)
    {
        var info = new FileInfo(path);
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16);
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[Chunk];
        var length = stream.Length;
        if (length <= 2L * Chunk)
        {
            int n;
            while ((n = stream.Read(buffer, 0, buffer.Length)) > 0)
            {
                sha.AppendData(buffer, 0, n);
            }
        }
        else
        {
            stream.ReadExactly(buffer, 0, Chunk);
            sha.AppendData(buffer, 0, Chunk);
            stream.Seek(-Chunk, SeekOrigin.End);
            stream.ReadExactly(buffer, 0, Chunk);
            sha.AppendData(buffer, 0, Chunk);
        }

        return new SlideFingerprint(
            length,
            info.LastWriteTimeUtc.ToString("O", CultureInfo.InvariantCulture),
            Convert.ToHexStringLower(sha.GetHashAndReset()));
    }
}

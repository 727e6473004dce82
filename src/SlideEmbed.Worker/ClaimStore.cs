using System.Security.Cryptography;

namespace SlideEmbed.Worker;

/// <summary>
/// Claim files in <c>&lt;drop&gt;/.claims/</c>, one per item (<c>&lt;name&gt;.claim</c>). Claiming opens the file
/// with <see cref="FileShare.None"/>, which on Linux takes an exclusive <c>flock</c> that the kernel drops when
/// the process dies (on NFS, when its lease ends): exactly one worker at a time holds it, across processes
/// and hosts sharing the folder. A file that a previous holder deleted while this worker was opening it is
/// detected by stamping a random modification time through the open handle and reading it back by path.
/// The record inside names the holder (host, pid, start time); a record that says a live process of this
/// host holds the item is respected even when the lock was granted, in case locks do not work here.
/// </summary>
internal sealed class ClaimStore
{
    /// <summary>Suffix of claim files.</summary>
    public const string Suffix = ".claim";

    private readonly string _dir;
    private readonly WorkerIdentity _me;

    /// <summary>Creates the store (and its folder).</summary>
    /// <param name="dir">The claims folder.</param>
    /// <param name="me">This worker.</param>
    public ClaimStore(string dir, WorkerIdentity me)
    {
        _dir = dir;
        _me = me;
        Directory.CreateDirectory(dir);
    }

    /// <summary>Tries to claim an item without waiting.</summary>
    /// <param name="name">The item name.</param>
    /// <returns>The claim, or why it is busy.</returns>
    public ClaimAttempt TryAcquire(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var path = PathFor(name);
        FileStream stream;
        try
        {
            stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 4096);
        }
        catch (IOException)
        {
            return new ClaimAttempt(null, "claimed by a running worker", false);
        }

        try
        {
            // Identity: the file we locked must still be the one at the path.
            var token = DateTime.UnixEpoch.AddSeconds(RandomNumberGenerator.GetInt32(1, int.MaxValue));
            File.SetLastWriteTimeUtc(stream.SafeFileHandle, token);
            if (File.GetLastWriteTimeUtc(path) != token)
            {
                stream.Dispose();
                return new ClaimAttempt(null, "its claim file was replaced while being claimed", false);
            }

            var bytes = new byte[stream.Length];
            stream.Position = 0;
            stream.ReadExactly(bytes);
            var previous = ClaimRecord.Parse(bytes);
            var active = previous is { State: ClaimRecord.Processing or ClaimRecord.Finishing };
            if (active && previous!.Host == _me.Host && previous.Pid != _me.Pid && ProcessLiveness.IsAlive(previous.Pid, previous.PidStartedUtc))
            {
                stream.Dispose();
                return new ClaimAttempt(null, $"recorded as held by live process {previous.Pid} (file locks may not work on this file system)", false);
            }

            return new ClaimAttempt(new SlideClaim(stream, path, name, previous), null, active);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Names of the items that have claim files.</summary>
    /// <returns>Item names.</returns>
    public IReadOnlyList<string> Names() =>
        Directory.EnumerateFiles(_dir, "*" + Suffix)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(n => !n.StartsWith('.'))
            .Select(n => n[..^Suffix.Length])
            .ToList();

    /// <summary>Whether exclusive file locks work in the claims folder (two opens of one file with <see cref="FileShare.None"/> conflict).</summary>
    /// <returns>True when they do.</returns>
    public bool LockingWorks()
    {
        var probe = Path.Combine(_dir, $".probe.{Environment.ProcessId}.{Guid.NewGuid():N}");
        try
        {
            using var first = new FileStream(probe, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None);
            try
            {
                using var second = new FileStream(probe, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
                return false;
            }
            catch (IOException)
            {
                return true;
            }
        }
        finally
        {
            File.Delete(probe);
        }
    }

    /// <summary>The claim file of an item.</summary>
    /// <param name="name">Item name.</param>
    /// <returns>Its path.</returns>
    public string PathFor(string name) => Path.Combine(_dir, name + Suffix);
}

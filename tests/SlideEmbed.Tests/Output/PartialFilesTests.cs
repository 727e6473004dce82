using System.Diagnostics;
using System.Text;
using SlideEmbed.Output;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Output;

/// <summary>
/// The cleaner of temporary files in a folder shared by processes of several hosts. Names are written
/// out by hand in the documented form <c>.prefix~hash.host.pid.start.random.partial</c>, as another
/// host's writer would leave them.
/// </summary>
public sealed class PartialFilesTests : IDisposable
{
    private const string Hash = "0123456789abcdef";

    // The documented limit for another host's files, written out so the test states the rule.
    private static readonly TimeSpan s_foreignMaxAge = TimeSpan.FromDays(7);
    private readonly string _dir = TestAssets.NewTempDir();

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void RemoveStale_OtherHostsFile_Kept()
    {
        // A pid that runs nowhere here: only the other host knows whether its writer lives.
        var file = Touch($".a.tiles.arrow~{Hash}.scanner-room-2.{int.MaxValue}.1764800000.0a1b2c3d.partial");

        var removed = PartialFiles.RemoveStale(_dir);

        Assert.Equal(0, removed);
        Assert.True(File.Exists(file));
    }

    [Fact]
    public void RemoveStale_OtherHostsFileUntouchedForMoreThanTheLimit_Removed()
    {
        var file = Touch($".a.tiles.arrow~{Hash}.scanner-room-2.4242.1764800000.0a1b2c3d.partial");
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow - s_foreignMaxAge - TimeSpan.FromHours(1));
        var recent = Touch($".b.tiles.arrow~{Hash}.scanner-room-2.4242.1764800000.0a1b2c3d.partial");
        File.SetLastWriteTimeUtc(recent, DateTime.UtcNow - s_foreignMaxAge + TimeSpan.FromHours(1));

        Assert.Equal(1, PartialFiles.RemoveStale(_dir));

        Assert.False(File.Exists(file));
        Assert.True(File.Exists(recent));
    }

    [Fact]
    public void RemoveStale_ThisHostsLiveWriter_Kept()
    {
        var file = Touch($".a.tiles.arrow~{Hash}.{ThisHost()}.{Environment.ProcessId}.{StartSeconds()}.0a1b2c3d.partial");

        Assert.Equal(0, PartialFiles.RemoveStale(_dir));
        Assert.True(File.Exists(file));
    }

    [Fact]
    public void RemoveStale_ThisHostsDeadPid_Removed()
    {
        var file = Touch($".a.tiles.arrow~{Hash}.{ThisHost()}.{int.MaxValue}.{StartSeconds()}.0a1b2c3d.partial");

        Assert.Equal(1, PartialFiles.RemoveStale(_dir));
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void RemoveStale_ThisHostsPidReusedByAProcessWithAnotherStartTime_Removed()
    {
        // This process's pid, but a writer that started an hour before it: the pid was reused.
        var file = Touch($".a.tiles.arrow~{Hash}.{ThisHost()}.{Environment.ProcessId}.{StartSeconds() - 3600}.0a1b2c3d.partial");

        Assert.Equal(1, PartialFiles.RemoveStale(_dir));
        Assert.False(File.Exists(file));
    }

    [Fact]
    public void RemoveStale_EarlierFormJudgedByLocalPid()
    {
        var live = Touch($".a.tiles.arrow.{Environment.ProcessId}.{Guid.NewGuid():N}.partial");
        var dead = Touch($".b.tiles.arrow.{int.MaxValue}.{Guid.NewGuid():N}.partial");

        Assert.Equal(1, PartialFiles.RemoveStale(_dir));
        Assert.True(File.Exists(live));
        Assert.False(File.Exists(dead));
    }

    [Fact]
    public void ForeignMaxAge_IsTheDocumentedSevenDays() => Assert.Equal(s_foreignMaxAge, PartialFiles.ForeignMaxAge);

    [Fact]
    public void TempPathFor_TargetNameOf255Bytes_ShortRecognisableAndParsed()
    {
        var name = string.Concat(Enumerable.Repeat("é", 120)) + "x.tiles.arrow";
        Assert.Equal(253, Encoding.UTF8.GetByteCount(name));
        var writer = new WriterIdentity(new string('h', 64), int.MaxValue, DateTimeOffset.FromUnixTimeSeconds(9_999_999_999));

        var temp = Path.GetFileName(PartialFiles.TempPathFor(Path.Combine(_dir, name), writer));

        Assert.True(Encoding.UTF8.GetByteCount(temp) <= 232, temp);
        Assert.StartsWith("." + string.Concat(Enumerable.Repeat("é", 50)) + "~", temp, StringComparison.Ordinal);
        Assert.EndsWith(".partial", temp, StringComparison.Ordinal);
        Assert.True(PartialFiles.TryParseWriter(temp, out var parsed));
        Assert.Equal(writer, parsed);
    }

    [Fact]
    public void TempPathFor_SameTargetTwice_DistinctNamesWithTheSameHash()
    {
        var target = Path.Combine(_dir, "slide.v1.tiles.arrow");

        var a = Path.GetFileName(PartialFiles.TempPathFor(target));
        var b = Path.GetFileName(PartialFiles.TempPathFor(target));

        Assert.NotEqual(a, b);
        Assert.Equal(".slide.v1.tiles.arrow", a[..a.IndexOf('~', StringComparison.Ordinal)]);
        Assert.Equal(a.Split('.')[^6], b.Split('.')[^6]);
        Assert.True(PartialFiles.TryParseWriter(a, out var writer));
        Assert.NotNull(writer);
        Assert.Equal(WriterIdentity.Current, writer with { ProcessStartedUtc = WriterIdentity.Current.ProcessStartedUtc });
        Assert.True(writer.IsThisHost);
        Assert.True(writer.MayBeAlive());
    }

    private static string ThisHost()
    {
        var sb = new StringBuilder();
        foreach (var c in Environment.MachineName)
        {
            sb.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
        }

        return sb.Length == 0 ? "host" : sb.ToString();
    }

    private static long StartSeconds()
    {
        using var me = Process.GetCurrentProcess();
        return new DateTimeOffset(me.StartTime.ToUniversalTime(), TimeSpan.Zero).ToUnixTimeSeconds();
    }

    private string Touch(string name)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, [1, 2, 3]);
        return path;
    }
}

using System.Diagnostics;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Worker.Tests;

public sealed class ClaimStoreTests : IDisposable
{
    private readonly string _dir = TestAssets.NewTempDir();

    [Fact]
    public void TryAcquire_HeldByAnotherWorker_Busy()
    {
        var a = new ClaimStore(_dir, WorkerIdentity.ForThisProcess());
        var b = new ClaimStore(_dir, WorkerIdentity.ForThisProcess());

        using var held = a.TryAcquire("s.svs").Claim;
        Assert.NotNull(held);
        var second = b.TryAcquire("s.svs");

        Assert.Null(second.Claim);
        Assert.NotNull(second.BusyReason);
    }

    [Fact]
    public void Release_ThenAcquire_SeesTheRecordNotRecovered()
    {
        var store = new ClaimStore(_dir, WorkerIdentity.ForThisProcess());
        var first = store.TryAcquire("s.svs").Claim!;
        first.Release(new ClaimRecord { Slide = "s.svs", Attempts = 2, State = ClaimRecord.Waiting, SnapshotDigest = "d" });

        var again = store.TryAcquire("s.svs");

        using var claim = again.Claim;
        Assert.NotNull(claim);
        Assert.False(again.Recovered);
        Assert.Equal(2, claim.Previous!.Attempts);
        Assert.Equal("d", claim.Previous.SnapshotDigest);
    }

    [Fact]
    public void TryAcquire_RecordOfDeadProcess_RecoveredWithItsRecord()
    {
        using var dead = Process.Start("true")!;
        dead.WaitForExit();
        WriteRecord("s.svs", ClaimRecord.Processing, dead.Id, attempts: 1);

        var attempt = new ClaimStore(_dir, WorkerIdentity.ForThisProcess()).TryAcquire("s.svs");

        using var claim = attempt.Claim;
        Assert.NotNull(claim);
        Assert.True(attempt.Recovered);
        Assert.Equal(dead.Id, claim.Previous!.Pid);
        Assert.Equal(1, claim.Previous.Attempts);
    }

    [Fact]
    public void TryAcquire_UnlockedRecordOfLiveProcessOfThisHost_BusyAsAFallbackForBrokenLocks()
    {
        using var live = Process.Start("sleep", "30")!;
        try
        {
            WriteRecord("s.svs", ClaimRecord.Processing, live.Id, attempts: 1);

            var attempt = new ClaimStore(_dir, WorkerIdentity.ForThisProcess()).TryAcquire("s.svs");

            Assert.Null(attempt.Claim);
            Assert.Contains(live.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), attempt.BusyReason, StringComparison.Ordinal);
        }
        finally
        {
            live.Kill();
            live.WaitForExit();
        }
    }

    [Fact]
    public void Complete_DeletesTheClaimFile()
    {
        var store = new ClaimStore(_dir, WorkerIdentity.ForThisProcess());
        store.TryAcquire("s.svs").Claim!.Complete();

        Assert.Empty(store.Names());
        Assert.False(File.Exists(store.PathFor("s.svs")));
    }

    [Fact]
    public void LockingWorks_LocalFileSystem_True()
    {
        Assert.True(new ClaimStore(_dir, WorkerIdentity.ForThisProcess()).LockingWorks());
        Assert.Empty(Directory.GetFiles(_dir));
    }

    private void WriteRecord(string name, string state, int pid, int attempts)
    {
        var record = new ClaimRecord { Slide = name, State = state, Host = Environment.MachineName, Pid = pid, Attempts = attempts, SnapshotDigest = "d" };
        File.WriteAllBytes(Path.Combine(_dir, name + ClaimStore.Suffix), WorkerJson.Bytes(record.ToJson()));
    }

    public void Dispose() => Directory.Delete(_dir, true);
}

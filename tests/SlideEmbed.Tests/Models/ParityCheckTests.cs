using SlideEmbed.Models;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Models;

public sealed class ParityCheckTests
{
    private static ParityCheck Check(params float[] values) => new() { Input = ParityCheck.PatternXyV1, Values = values, Norm = Math.Sqrt(values.Sum(v => (double)v * v)), Tolerance = 1e-3 };

    [Fact]
    public void PatternByte_KnownPixels_FollowTheRecipe()
    {
        // v = (7x + 13y + 85c + 5((x y) mod 23)) mod 256, worked by hand.
        Assert.Equal(0, ParityCheck.PatternByte(0, 0, 0));
        Assert.Equal(170, ParityCheck.PatternByte(0, 0, 2));
        Assert.Equal(229, ParityCheck.PatternByte(10, 3, 1)); // 70 + 39 + 85 + 5 * 7
        Assert.Equal(123, ParityCheck.PatternByte(223, 223, 0)); // (4460 + 5 * 3) mod 256
    }

    [Fact]
    public void WriteInput_NormalisesLikeToTensorThenNormalize()
    {
        var input = new float[3 * 4 * 4];
        float[] mean = [0.5f, 0.25f, 0.125f];
        float[] std = [0.5f, 0.25f, 2f];

        ParityCheck.WriteInput(4, mean, std, input);

        // Channel 1, row 2, column 3: byte (21 + 26 + 85 + 30) mod 256 = 162.
        Assert.Equal(((162 / 255f) - 0.25f) / 0.25f, input[(1 * 16) + (2 * 4) + 3]);
        Assert.Equal((0f - 0.5f) / 0.5f, input[0]);
    }

    [Fact]
    public void Compare_WithinTolerance_Passes()
    {
        var check = Check(1f, -2f, 3f);

        var result = check.Compare([1.0005f, -2f, 3.002f]);

        Assert.True(result.Passed, result.Describe());
        Assert.Equal(0.002, result.MaxAbsDifference, 5);
    }

    [Fact]
    public void Compare_ValueOff_FailsNamingTheDifference()
    {
        var check = Check(1f, -2f, 3f);

        var result = check.Compare([1f, -2.5f, 3f]);

        Assert.False(result.Passed);
        Assert.Contains("max abs difference 0.5", result.Describe(), StringComparison.Ordinal);
    }

    [Fact]
    public void Compare_TailChangesTheNorm_Fails()
    {
        var check = Check(1f, 2f) with { Norm = Math.Sqrt(5) };

        Assert.True(check.Compare([1f, 2f, 0f]).Passed);
        Assert.False(check.Compare([1f, 2f, 1f]).Passed);
    }

    [Fact]
    public void Load_UnknownCheckKey_IsRejectedNamingIt()
    {
        var dir = TestAssets.NewTempDir();
        try
        {
            var text = File.ReadAllText(Path.Combine(TestAssets.RepoRoot, "tests", "models", "parity", "kaiko-vits16.json"))
                .Replace("\"tolerance\"", "\"tolerence\": 1, \"tolerance\"", StringComparison.Ordinal);
            var path = Path.Combine(dir, "kaiko-vits16.json");
            File.WriteAllText(path, text);

            var e = Assert.Throws<ModelManifestException>(() => ModelManifest.Load(path));

            Assert.Contains("check.tolerence", e.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void Cache_ChangedFile_IsNotVerifiedUntilMarked()
    {
        var dir = TestAssets.NewTempDir();
        try
        {
            var model = Path.Combine(dir, "m.onnx");
            File.WriteAllBytes(model, [1, 2, 3]);
            var cache = new VerificationCache(Path.Combine(dir, "cache"));
            var check = Check(1f);
            var key = cache.Key(model, check);
            Assert.False(cache.IsVerified(key));

            cache.MarkVerified(key, model, check.Compare([1f]));
            Assert.True(cache.IsVerified(cache.Key(model, check)));

            File.WriteAllBytes(model, [1, 2, 4]);
            File.SetLastWriteTimeUtc(model, DateTime.UtcNow.AddMinutes(1));
            Assert.False(cache.IsVerified(cache.Key(model, check)));
            cache.MarkVerified(cache.Key(model, check), model, check.Compare([1f]));
            Assert.False(cache.IsVerified(cache.Key(model, check with { Norm = 2 })));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}

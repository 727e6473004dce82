using System.Buffers.Binary;
using System.Text;
using SlideEmbed.Safetensors;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Safetensors;

/// <summary>Broken files fail when opened, with a message that says what is wrong.</summary>
public sealed class SafetensorsCorruptFileTests
{
    public static TheoryData<string, int, string> BadHeaders() => new()
    {
        { "[1, 2]", 0, "does not start with '{'" },
        { "{\"a\": 5}", 0, "must be an object" },
        { "{\"a\": {\"shape\": [1], \"data_offsets\": [0, 4]}}", 4, "no string 'dtype'" },
        { "{\"a\": {\"dtype\": \"F128\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 4, "unknown dtype 'F128'" },
        { "{\"a\": {\"dtype\": \"f32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 4, "unknown dtype 'f32'" },
        { "{\"a\": {\"dtype\": \"F32\", \"shape\": [-1], \"data_offsets\": [0, 4]}}", 4, "not a non-negative integer" },
        { "{\"a\": {\"dtype\": \"F32\", \"shape\": [1.5], \"data_offsets\": [0, 4]}}", 4, "not a non-negative integer" },
        { "{\"a\": {\"dtype\": \"F32\", \"data_offsets\": [0, 4]}}", 4, "no 'shape' array" },
        { "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0]}}", 4, "expected [begin, end]" },
        { "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 0]}}", 4, "end before they begin" },
        { "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 8]}}", 4, "out of range" },
        { "{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 4]}}", 4, "needs 8 bytes" },
        { "{\"a\": {\"dtype\": \"F32\", \"shape\": [4611686018427387904, 4], \"data_offsets\": [0, 4]}}", 4, "too large" },
        { "{\"a\": {\"dtype\": \"F32\", \"shape\": [2], \"data_offsets\": [0, 8]}, \"b\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}", 8, "overlaps" },
        { "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}", 8, "hole" },
        { "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}}", 12, "trailing" },
        { "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]}, \"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [4, 8]}}", 8, "appears twice" },
        { "{\"__metadata__\": {\"k\": 1}}", 0, "must be a string" },
        { "{\"__metadata__\": [1]}", 0, "object of strings" },
        { "{\"a\": {\"dtype\": \"F32\", \"shape\": [1], \"data_offsets\": [0, 4]", 4, "not valid JSON" },
        { " {}", 0, "does not start with '{'" },
    };

    [Theory]
    [MemberData(nameof(BadHeaders))]
    public void FromBytes_BadHeader_ThrowsFormatExceptionSayingWhy(string header, int dataBytes, string expected)
    {
        var bytes = Build(header, dataBytes);

        var e = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.FromBytes(bytes, "bad.safetensors"));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("bad.safetensors", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    public void FromBytes_ShorterThanTheLengthPrefix_Throws(int length)
    {
        var e = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.FromBytes(new byte[length]));
        Assert.Contains("too short", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromBytes_HeaderLengthZero_Throws()
    {
        var e = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.FromBytes(new byte[16]));
        Assert.Contains("header length is 0", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromBytes_HeaderLengthPastTheEnd_Throws()
    {
        var bytes = Build("{}", 0);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, 1000);

        var e = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.FromBytes(bytes));
        Assert.Contains("runs past the end", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromBytes_HugeHeaderLength_ThrowsNotASafetensorsFile()
    {
        var bytes = Encoding.ASCII.GetBytes("PK\u0003\u0004 this is a zip file, not safetensors");

        var e = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.FromBytes(bytes));
        Assert.Contains("limit", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_TruncatedFile_ThrowsOutOfRange()
    {
        var good = new SafetensorsWriter().AddFloat32("a", new float[64], 8, 8).ToArray();
        using var dir = new TempFolder();
        var path = Path.Combine(dir, "truncated.safetensors");
        File.WriteAllBytes(path, good.AsSpan(0, good.Length - 10).ToArray());

        var e = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path));
        Assert.Contains("out of range", e.Message, StringComparison.Ordinal);
        Assert.Contains("'a'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_EmptyFile_ThrowsTooShort()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir, "empty.safetensors");
        File.WriteAllBytes(path, []);

        var e = Assert.Throws<SafetensorsFormatException>(() => SafetensorsFile.Open(path));
        Assert.Contains("too short", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_MissingFile_ThrowsFileNotFound() =>
        Assert.Throws<FileNotFoundException>(() => SafetensorsFile.Open(Path.Combine(Path.GetTempPath(), "slideembed-no-such-file.safetensors")));

    private static byte[] Build(string header, int dataBytes)
    {
        var json = Encoding.UTF8.GetBytes(header);
        var bytes = new byte[8 + json.Length + dataBytes];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, (ulong)json.Length);
        json.CopyTo(bytes, 8);
        return bytes;
    }
}

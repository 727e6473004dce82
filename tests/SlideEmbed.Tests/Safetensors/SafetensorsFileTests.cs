using System.Buffers.Binary;
using SlideEmbed.Safetensors;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Safetensors;

public sealed class SafetensorsFileTests
{
    private static byte[] Sample() => new SafetensorsWriter()
        .AddFloat32("a", [1f, -2.5f, 3.25f, float.MaxValue, float.Epsilon, -0f], 2, 3)
        .AddFloat64("b", [Math.PI, -1e300], 2)
        .AddRaw("h", SafetensorsDType.F16, [3], Half(1.0, -2.5, 65504))
        .AddRaw("bf", SafetensorsDType.BF16, [2], [0x80, 0x3F, 0x20, 0xC0])
        .AddRaw("i", SafetensorsDType.I32, [2], [1, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF])
        .AddFloat32("scalar", [7f])
        .SetMetadata("format", "pt")
        .ToArray();

    [Fact]
    public void FromBytes_WrittenFile_RoundTripsEveryFloatType()
    {
        using var file = SafetensorsFile.FromBytes(Sample());

        Assert.Equal([1f, -2.5f, 3.25f, float.MaxValue, float.Epsilon, -0f], file.ReadFloat32("a"));
        Assert.Equal([2L, 3L], file.Info("a").Shape);
        Assert.Equal([Math.PI, -1e300], file.ReadFloat64("b"));
        Assert.Equal([(float)Math.PI, float.NegativeInfinity], file.ReadFloat32("b"));
        Assert.Equal([1f, -2.5f, 65504f], file.ReadFloat32("h"));
        Assert.Equal([1f, -2.5f], file.ReadFloat32("bf"));
        Assert.Equal([1L, -1L], file.ReadInt64("i"));
        Assert.Equal([7f], file.ReadFloat32("scalar"));
        Assert.Empty(file.Info("scalar").Shape);
        Assert.Equal("pt", file.Metadata["format"]);
        Assert.Equal(["a", "b", "h", "bf", "i", "scalar"], file.Tensors.Select(t => t.Name));
    }

    [Fact]
    public void Open_MemoryMappedFile_SameAsInMemory()
    {
        using var dir = new TempFolder();
        var path = Path.Combine(dir, "sample.safetensors");
        File.WriteAllBytes(path, Sample());
        using var mapped = SafetensorsFile.Open(path);
        using var memory = SafetensorsFile.FromBytes(File.ReadAllBytes(path));

        Assert.Equal(path, mapped.Source);
        foreach (var name in new[] { "a", "b", "h", "bf", "scalar" })
        {
            Assert.Equal(memory.ReadFloat32(name), mapped.ReadFloat32(name));
            Assert.Equal(memory.RawData(name).ToArray(), mapped.RawData(name).ToArray());
        }
    }

    [Fact]
    public void Read_NonSeekableStream_Parses()
    {
        using var stream = new ForwardOnlyStream(Sample());
        using var file = SafetensorsFile.Read(stream, "pipe");

        Assert.Equal("pipe", file.Source);
        Assert.Equal(6, file.Tensors.Count);
    }

    [Fact]
    public void ReadFloat32_HalfSpecialValues_ConvertExactly()
    {
        var bits = new ushort[] { 0x0001, 0x7C00, 0xFC00, 0x7E00, 0x8000, 0x3555 };
        var bytes = new byte[bits.Length * 2];
        for (var i = 0; i < bits.Length; i++)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(2 * i), bits[i]);
        }

        using var file = SafetensorsFile.FromBytes(new SafetensorsWriter().AddRaw("h", SafetensorsDType.F16, [bits.Length], bytes).ToArray());
        var values = file.ReadFloat32("h");

        Assert.Equal(5.9604645e-8f, values[0]);
        Assert.Equal(float.PositiveInfinity, values[1]);
        Assert.Equal(float.NegativeInfinity, values[2]);
        Assert.True(float.IsNaN(values[3]));
        Assert.True(float.IsNegative(values[4]) && values[4] == 0);
        Assert.Equal((float)BitConverter.UInt16BitsToHalf(0x3555), values[5]);
    }

    [Fact]
    public void ReadFloat32_IntegerTensor_ThrowsNotSupportedNamingTheType()
    {
        using var file = SafetensorsFile.FromBytes(Sample());

        var e = Assert.Throws<NotSupportedException>(() => file.ReadFloat32("i"));
        Assert.Contains("I32", e.Message, StringComparison.Ordinal);
        Assert.Throws<NotSupportedException>(() => file.ReadInt64("a"));
    }

    [Fact]
    public void ReadFloat32_WrongDestinationLength_Throws()
    {
        using var file = SafetensorsFile.FromBytes(Sample());

        Assert.Throws<ArgumentException>(() => file.ReadFloat32("a", new float[5]));
    }

    [Fact]
    public void Info_UnknownName_ThrowsNamingExistingTensors()
    {
        using var file = SafetensorsFile.FromBytes(Sample());

        var e = Assert.Throws<KeyNotFoundException>(() => file.Info("missing"));
        Assert.Contains("'missing'", e.Message, StringComparison.Ordinal);
        Assert.Contains("a, b", e.Message, StringComparison.Ordinal);
        Assert.False(file.Contains("missing"));
    }

    [Fact]
    public void RawData_AfterDispose_ThrowsObjectDisposed()
    {
        var file = SafetensorsFile.FromBytes(Sample());
        file.Dispose();
        file.Dispose();

        Assert.Throws<ObjectDisposedException>(() => file.ReadFloat32("a"));
    }

    [Fact]
    public void Writer_Header_PaddedToMultipleOf8WithSpaces()
    {
        var bytes = Sample();
        var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);

        Assert.Equal(0, length % 8);
        Assert.Equal((byte)'{', bytes[8]);
        Assert.True(bytes[8 + length - 1] is (byte)' ' or (byte)'}');
    }

    [Fact]
    public void Writer_DuplicateOrMismatchedTensor_Throws()
    {
        var writer = new SafetensorsWriter().AddFloat32("a", [1f], 1);

        Assert.Throws<ArgumentException>(() => writer.AddFloat32("a", [1f], 1));
        Assert.Throws<ArgumentException>(() => writer.AddFloat32("__metadata__", [1f], 1));
        Assert.Throws<ArgumentException>(() => writer.AddFloat32("b", [1f, 2f], 3));
    }

    [Fact]
    public void Writer_EmptyTensor_RoundTrips()
    {
        using var file = SafetensorsFile.FromBytes(new SafetensorsWriter().AddFloat32("e", [], 0, 4).AddFloat32("x", [1f], 1).ToArray());

        Assert.Empty(file.ReadFloat32("e"));
        Assert.Equal([1f], file.ReadFloat32("x"));
    }

    [Fact]
    public void Open_SharedMiniWeights_HasTheOfficialKeys()
    {
        var shared = TestAssets.SharedDir;
        var path = shared is null ? null : Path.Combine(shared, "longnet", "mini", "weights.safetensors");
        if (path is null || !File.Exists(path))
        {
            Assert.Skip("../shared/longnet/mini/weights.safetensors is absent.");
        }

        using var file = SafetensorsFile.Open(path);

        Assert.Equal(47, file.Tensors.Count);
        Assert.Equal([128L, 64L], file.Info("patch_embed.proj.weight").Shape);
        Assert.Equal(SafetensorsDType.F32, file.Info("cls_token").DType);
        Assert.Equal("11", file.Metadata["seed"]);
    }

    private static byte[] Half(params double[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteHalfLittleEndian(bytes.AsSpan(2 * i), (Half)values[i]);
        }

        return bytes;
    }

    private sealed class ForwardOnlyStream(byte[] data) : MemoryStream(data)
    {
        public override bool CanSeek => false;

        public override long Position
        {
            get => base.Position;
            set => throw new NotSupportedException();
        }

        public override long Seek(long offset, SeekOrigin loc) => throw new NotSupportedException();
    }
}

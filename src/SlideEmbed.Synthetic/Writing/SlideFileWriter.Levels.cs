using System.Runtime.ExceptionServices;
using BitMiracle.LibTiff.Classic;
using SlideEmbed.Geometry;

namespace SlideEmbed.Synthetic.Writing;

/// <content>Tiled pyramid levels: tags, and tiles rendered and compressed in parallel, written in order.</content>
internal sealed partial class SlideFileWriter
{
    private void PrepareBackgroundTile()
    {
        // Every tile without tissue (padding included) is the same flat background, so it is
        // compressed once and its bytes reused; on sparse slides this skips most of the work.
        var encoder = RentEncoder();
        try
        {
            SyntheticScene.FillBackground(encoder.Pixels, _scene.Background);
            var encoded = encoder.Encode(_spec.TileSize);
            _backgroundTile = EncodedTile.Shared(encoded.Buffer.AsSpan(0, encoded.Length).ToArray());
            encoded.Release();
            _jpegTables = (encoder as JpegTileEncoder)?.Tables;
        }
        finally
        {
            _idleEncoders.Add(encoder);
        }
    }

    private void WriteLevel(SlideLevel level)
    {
        var tileSize = _spec.TileSizeFor(level);
        SetLevelTags(level, tileSize);
        var across = (int)TilesAcross(level);
        var down = (int)TilesDown(level);
        var row = new EncodedTile[across];
        for (var ty = 0; ty < down; ty++)
        {
            _cancellationToken.ThrowIfCancellationRequested();
            var tileRow = ty;
            try
            {
                Parallel.For(
                    0,
                    across,
                    _parallelOptions,
                    RentEncoder,
                    (tx, _, encoder) =>
                    {
                        row[tx] = EncodeTile(encoder, level, tileSize, tx, tileRow);
                        return encoder;
                    },
                    _idleEncoders.Add);

                for (var tx = 0; tx < across; tx++)
                {
                    var tile = row[tx];
                    if (_tiff.WriteRawTile((tileRow * across) + tx, tile.Buffer, tile.Length) != tile.Length)
                    {
                        throw new IOException($"LibTiff.NET failed to write tile ({tx}, {tileRow}) of level {level.Index}.");
                    }
                }
            }
            catch (AggregateException e) when (e.InnerExceptions.Count == 1)
            {
                ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
            }
            finally
            {
                for (var tx = 0; tx < across; tx++)
                {
                    row[tx].Release();
                    row[tx] = default;
                }
            }

            CheckClassicLimit();
            AddProgress(across);
        }

        if (!_tiff.WriteDirectory())
        {
            throw new IOException($"LibTiff.NET failed to write the directory of level {level.Index}.");
        }
    }

    private EncodedTile EncodeTile(TileEncoder encoder, SlideLevel level, int size, int tx, int ty)
    {
        var left = (long)tx * size;
        var top = (long)ty * size;
        var validW = (int)Math.Min(size, level.Width - left);
        var validH = (int)Math.Min(size, level.Height - top);
        var d = level.Downsample;

        // Bounding boxes against the span of the pixel centres actually sampled (padding is never tissue).
        if (size == _spec.TileSize && !_scene.MayHaveTissue(
                SyntheticScene.PixelCenter(left, d),
                SyntheticScene.PixelCenter(top, d),
                SyntheticScene.PixelCenter(left + validW - 1, d),
                SyntheticScene.PixelCenter(top + validH - 1, d)))
        {
            return _backgroundTile;
        }

        var pixels = encoder.Pixels.AsSpan(0, size * size * 3);
        _scene.RenderRegion(left, top, size, size, d, pixels);
        var stride = size * 3;
        if (validW < size)
        {
            for (var y = 0; y < validH; y++)
            {
                SyntheticScene.FillBackground(pixels.Slice((y * stride) + (validW * 3), (size - validW) * 3), _scene.Background);
            }
        }

        if (validH < size)
        {
            SyntheticScene.FillBackground(pixels[(validH * stride)..], _scene.Background);
        }

        var encoded = encoder.Encode(size);
        if (encoder is JpegTileEncoder { TablesVerified: false } jpeg)
        {
            // Tiles are abbreviated streams decoded with the file's one JPEGTables, so every encoder must
            // have produced the same tables (they depend only on quality and colour space).
            if (!jpeg.Tables.AsSpan().SequenceEqual(_jpegTables))
            {
                encoded.Release();
                throw new InvalidOperationException("Two JPEG tile encoders produced different JPEGTables.");
            }

            jpeg.TablesVerified = true;
        }

        return encoded;
    }

    private TileEncoder RentEncoder()
    {
        if (_idleEncoders.TryTake(out var encoder))
        {
            return encoder;
        }

        encoder = TileEncoder.Create(_spec);
        _allEncoders.Enqueue(encoder);
        return encoder;
    }

    private void SetLevelTags(SlideLevel level, int tileSize)
    {
        TiffTags.Set(_tiff, TiffTag.SUBFILETYPE, level.Index == 0 ? 0 : (int)FileType.REDUCEDIMAGE);
        SetImageTags((int)level.Width, (int)level.Height);
        TiffTags.Set(_tiff, TiffTag.TILEWIDTH, tileSize);
        TiffTags.Set(_tiff, TiffTag.TILELENGTH, tileSize);
        if (_spec.Compression == SyntheticCompression.Jpeg)
        {
            TiffTags.Set(_tiff, TiffTag.COMPRESSION, Compression.JPEG);
            TiffTags.SetJpegPhotometric(_tiff, _spec.JpegColorSpace);
            TiffTags.Set(_tiff, TiffTag.JPEGTABLES, _jpegTables!.Length, _jpegTables);
        }
        else
        {
            TiffTags.Set(_tiff, TiffTag.COMPRESSION, Compression.ADOBE_DEFLATE);
            TiffTags.Set(_tiff, TiffTag.PHOTOMETRIC, Photometric.RGB);
        }

        if (_spec.Style == SyntheticSlideStyle.Aperio)
        {
            TiffTags.Set(_tiff, TiffTag.IMAGEDESCRIPTION, AperioDescription.ForLevel(_spec, level));
        }
        else
        {
            TiffTags.Set(_tiff, TiffTag.IMAGEDESCRIPTION, AperioDescription.ForGeneric(_spec, level));

            // Pixels per centimetre at this level; OpenSlide reports level 0's as tiff.XResolution.
            var mpp = _spec.Mpp.AtDownsample(level.Downsample);
            TiffTags.Set(_tiff, TiffTag.XRESOLUTION, 10_000 / mpp.X);
            TiffTags.Set(_tiff, TiffTag.YRESOLUTION, 10_000 / mpp.Y);
            TiffTags.Set(_tiff, TiffTag.RESOLUTIONUNIT, ResUnit.CENTIMETER);
        }
    }

    private void SetImageTags(int width, int height)
    {
        TiffTags.Set(_tiff, TiffTag.IMAGEWIDTH, width);
        TiffTags.Set(_tiff, TiffTag.IMAGELENGTH, height);
        TiffTags.Set(_tiff, TiffTag.BITSPERSAMPLE, 8);
        TiffTags.Set(_tiff, TiffTag.SAMPLESPERPIXEL, 3);
        TiffTags.Set(_tiff, TiffTag.PLANARCONFIG, PlanarConfig.CONTIG);
        TiffTags.Set(_tiff, TiffTag.SOFTWARE, "SlideEmbed.Synthetic");
    }
}

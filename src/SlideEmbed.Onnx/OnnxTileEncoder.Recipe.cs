using System.Globalization;
using System.Numerics.Tensors;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using SlideEmbed.Models;

namespace SlideEmbed.Onnx;

/// <content>Output recipes: CLS token, CLS + mean of patch tokens, pooled output.</content>
public sealed partial class OnnxTileEncoder
{
    private void ApplyRecipe(OrtValue output, int count, Span<float> embeddings)
    {
        var info = output.GetTensorTypeAndShape();
        var shape = info.Shape;
        float[]? converted = null;
        ReadOnlySpan<float> data;
        if (info.ElementDataType == TensorElementType.Float16)
        {
            var halves = output.GetTensorDataAsSpan<Float16>();
            converted = new float[halves.Length];
            for (var i = 0; i < halves.Length; i++)
            {
                converted[i] = (float)halves[i];
            }

            data = converted;
        }
        else
        {
            data = output.GetTensorDataAsSpan<float>();
        }

        if (shape[0] != count)
        {
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"Model '{_manifest.Name}' returned {shape[0]} rows for {count} tiles."));
        }

        var d = Dimension;
        switch (_manifest.Recipe)
        {
            case OutputRecipe.Pooled:
                data[..(count * d)].CopyTo(embeddings);
                break;
            case OutputRecipe.Cls:
            {
                var tokens = (int)shape[1];
                for (var b = 0; b < count; b++)
                {
                    data.Slice(b * tokens * d, d).CopyTo(embeddings.Slice(b * d, d));
                }

                break;
            }

            case OutputRecipe.ClsMean:
            {
                var tokens = (int)shape[1];
                var width = d / 2;
                var patches = tokens - _manifest.PrefixTokens;
                if (patches < 1)
                {
                    throw new InvalidOperationException($"Model '{_manifest.Name}' returned {tokens} tokens; with {_manifest.PrefixTokens} prefix tokens no patch token is left.");
                }

                for (var b = 0; b < count; b++)
                {
                    var sample = data.Slice(b * tokens * width, tokens * width);
                    var target = embeddings.Slice(b * d, d);
                    sample[..width].CopyTo(target);
                    var mean = target[width..];
                    mean.Clear();
                    for (var t = _manifest.PrefixTokens; t < tokens; t++)
                    {
                        TensorPrimitives.Add(mean, sample.Slice(t * width, width), mean);
                    }

                    TensorPrimitives.Divide(mean, patches, mean);
                }

                break;
            }
        }
    }
}

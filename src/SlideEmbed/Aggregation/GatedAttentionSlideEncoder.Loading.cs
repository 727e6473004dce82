using System.Globalization;

namespace SlideEmbed.Aggregation;

/// <content>Reading each variant's published key layout.</content>
public sealed partial class GatedAttentionSlideEncoder
{
    private static (int Input, PreLayer[] Layers, GatedAttentionHead[] Heads, float[]? ProjectorWeight, float[]? ProjectorBias) ReadFeather(StateDictReader reader)
    {
        var (input, embed) = reader.LinearShape("model.patch_embed.0");
        var layer = new PreLayer(reader.Linear("model.patch_embed.0", embed, input), null, false);
        return (input, [layer], [ReadHead(reader, "model.global_attn", embed)], null, null);
    }

    private static (int Input, PreLayer[] Layers, GatedAttentionHead[] Heads, float[]? ProjectorWeight, float[]? ProjectorBias) ReadChief(StateDictReader reader)
    {
        var (input, embed) = reader.LinearShape("attention_net.0");
        var layer = new PreLayer(reader.Linear("attention_net.0", embed, input), null, false);

        // Classifiers, the instance head, the text projection and the memory banks do not touch the slide embedding.
        reader.Ignore("classifiers.", "instance_classifiers.", "att_head.", "text_to_vision.", "pos_mem", "neg_mem", "hard_neg_mem");
        return (input, [layer], [ReadHead(reader, "attention_net.3", embed)], null, null);
    }

    private static (int Input, PreLayer[] Layers, GatedAttentionHead[] Heads, float[]? ProjectorWeight, float[]? ProjectorBias) ReadMadeleine(StateDictReader reader)
    {
        const string pre = "wsi_embedders.pre_attn.";
        var (input, hidden) = reader.LinearShape(pre + "0");
        var (_, expanded) = reader.LinearShape(pre + "8");
        if (expanded % hidden != 0)
        {
            throw reader.Invalid($"'{pre}8.weight' widens {hidden} to {expanded}, not a multiple.");
        }

        var heads = expanded / hidden;
        PreLayer Layer(int index, int outFeatures, int inFeatures) => new(
            reader.Linear(pre + index.ToString(CultureInfo.InvariantCulture), outFeatures, inFeatures),
            reader.Norm(pre + (index + 1).ToString(CultureInfo.InvariantCulture), outFeatures),
            true);

        PreLayer[] layers = [Layer(0, hidden, input), Layer(4, hidden, hidden), Layer(8, expanded, hidden)];
        var attention = new GatedAttentionHead[heads];
        for (var c = 0; c < heads; c++)
        {
            attention[c] = ReadHead(reader, string.Create(CultureInfo.InvariantCulture, $"wsi_embedders.attn.{c}"), hidden);
        }

        var (_, output) = reader.LinearShape("projector");
        var weight = reader.Read("projector.weight", output, expanded);
        var bias = reader.Read("projector.bias", output);
        reader.Ignore("token_projector.");
        return (input, layers, attention, weight, bias);
    }

    private static GatedAttentionHead ReadHead(StateDictReader reader, string prefix, int input)
    {
        var (_, hidden) = reader.LinearShape(prefix + ".attention_a.0");
        var a = reader.Linear(prefix + ".attention_a.0", hidden, input);
        var b = reader.Linear(prefix + ".attention_b.0", hidden, input);
        var c = reader.Read(prefix + ".attention_c.weight", 1, hidden);
        var bias = reader.Read(prefix + ".attention_c.bias", 1);
        return new GatedAttentionHead(a, b, c, bias[0]);
    }
}

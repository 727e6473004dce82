namespace SlideEmbed.Segmentation;

/// <summary>What a segmenter's ONNX output holds per class and pixel.</summary>
public enum SegmenterOutputKind
{
    /// <summary>Raw scores; a softmax over the class axis gives probabilities.</summary>
    Logits,

    /// <summary>Probabilities already (a softmax head inside the model).</summary>
    Probabilities,
}

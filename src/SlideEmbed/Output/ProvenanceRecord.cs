using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace SlideEmbed.Output;

/// <summary>
/// The provenance of one output file, as stored (JSON) in its Arrow schema metadata under
/// <see cref="Provenance.MetadataKey"/>: the tool, when, which slide (path, id and fingerprint) and the
/// configuration that changes the result. <see cref="Write"/> and <see cref="Read"/> are inverse;
/// resume, ownership checks and <c>aggregate</c> read files through <see cref="Read"/> only.
/// </summary>
public sealed record ProvenanceRecord
{
    /// <summary>Tool name, <c>slideembed</c> for files this tool wrote.</summary>
    public string Tool { get; init; } = "slideembed";

    /// <summary>Version of the tool that wrote the file.</summary>
    public string ToolVersion { get; init; } = Provenance.ToolVersion;

    /// <summary>When the file was made (UTC).</summary>
    public required DateTimeOffset CreatedUtc { get; init; }

    /// <summary>The slide's id (output file stem).</summary>
    public required string SlideId { get; init; }

    /// <summary>The slide's full path when the file was made.</summary>
    public required string SlidePath { get; init; }

    /// <summary>The slide's fingerprint when the file was made.</summary>
    public required SlideFingerprint Fingerprint { get; init; }

    /// <summary>Everything that changes the result (tiling, model, preprocessing); owned by the record.</summary>
    public required JsonObject Config { get; init; }

    /// <summary>The slide-level step that made a slide file from the tile file (name, output mode, tile file), or null for tile files.</summary>
    public JsonObject? SlideEncoder { get; init; }

    /// <summary>The number of tiles recorded in <see cref="Config"/>, or null when it is not recorded.</summary>
    public int? TileCount => Config["tile_count"] is JsonValue v && v.TryGetValue<int>(out var n) ? n : null;

    /// <summary>Whether this record describes the given slide: the same full path, or the same content (size and head/tail digest) after a move.</summary>
    /// <param name="path">Full path of the slide.</param>
    /// <param name="fingerprint">Its current fingerprint.</param>
    /// <returns>True when the output belongs to that slide.</returns>
    public bool IsSameSlide(string path, SlideFingerprint fingerprint)
    {
        ArgumentNullException.ThrowIfNull(fingerprint);
        return string.Equals(SlidePath, path, StringComparison.Ordinal)
            || (Fingerprint.SizeBytes == fingerprint.SizeBytes && Fingerprint.HeadTailSha256 == fingerprint.HeadTailSha256);
    }

    /// <summary>The JSON text (one line), with the fields in their documented order.</summary>
    /// <returns>The JSON.</returns>
    public string Write()
    {
        var doc = new JsonObject
        {
            ["tool"] = Tool,
            ["tool_version"] = ToolVersion,
            ["created_utc"] = CreatedUtc.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            ["slide_id"] = SlideId,
            ["slide_path"] = SlidePath,
            ["slide_fingerprint"] = new JsonObject
            {
                ["size_bytes"] = Fingerprint.SizeBytes,
                ["modified_utc"] = Fingerprint.ModifiedUtc,
                ["head_tail_sha256"] = Fingerprint.HeadTailSha256,
            },
            ["config"] = Config.DeepClone(),
        };
        if (SlideEncoder is not null)
        {
            doc["slide_encoder"] = SlideEncoder.DeepClone();
        }

        return doc.ToJsonString();
    }

    /// <summary>Parses provenance JSON.</summary>
    /// <param name="json">The text stored under <see cref="Provenance.MetadataKey"/>.</param>
    /// <returns>The record.</returns>
    /// <exception cref="InvalidDataException">The text is not JSON or lacks a required field; the message names the field.</exception>
    public static ProvenanceRecord Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonObject doc;
        try
        {
            doc = JsonNode.Parse(json) as JsonObject ?? throw new InvalidDataException("the provenance is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the provenance is not valid JSON: {e.Message}", e);
        }

        var fingerprint = Field<JsonObject>(doc, "slide_fingerprint");
        return new ProvenanceRecord
        {
            Tool = Text(doc, "tool"),
            ToolVersion = doc["tool_version"]?.GetValue<string>() ?? string.Empty,
            CreatedUtc = DateTimeOffset.Parse(Text(doc, "created_utc"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            SlideId = Text(doc, "slide_id"),
            SlidePath = Text(doc, "slide_path"),
            Fingerprint = new SlideFingerprint(
                Field<JsonValue>(fingerprint, "size_bytes").GetValue<long>(),
                Text(fingerprint, "modified_utc"),
                Text(fingerprint, "head_tail_sha256")),
            Config = (JsonObject)Field<JsonObject>(doc, "config").DeepClone(),
            SlideEncoder = doc["slide_encoder"] is JsonObject se ? (JsonObject)se.DeepClone() : null,
        };
    }

    /// <summary>Reads the record from a file's schema metadata.</summary>
    /// <param name="metadata">The metadata, or null for a missing or incomplete file.</param>
    /// <returns>The record, or null when there is none or it cannot be read.</returns>
    public static ProvenanceRecord? TryRead(IReadOnlyDictionary<string, string>? metadata)
    {
        if (metadata is null || !metadata.TryGetValue(Provenance.MetadataKey, out var json))
        {
            return null;
        }

        try
        {
            return Read(json);
        }
        catch (Exception e) when (e is InvalidDataException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    private static string Text(JsonObject doc, string name) => Field<JsonValue>(doc, name).GetValue<string>();

    private static T Field<T>(JsonObject doc, string name)
        where T : JsonNode =>
        doc[name] as T ?? throw new InvalidDataException($"the provenance has no '{name}' field.");
}

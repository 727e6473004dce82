using System.Globalization;
using System.Text.Json.Nodes;
using SlideEmbed.Cohort;

namespace SlideEmbed.Arrow.Cohort;

/// <summary>
/// Assigns every tile of a cohort to its morphology token: one <c>&lt;slide_id&gt;.tokens.arrow</c> per
/// tile file and one <see cref="TokenHistogramFile"/> for the cohort, all written atomically, each
/// recording the codebook's SHA-256.
/// </summary>
public sealed class TokenAssigner
{
    private readonly Codebook _codebook;
    private readonly string _codebookPath;
    private readonly string _codebookSha256;
    private readonly int _threads;

    /// <summary>Loads the codebook.</summary>
    /// <param name="codebookPath">A file written by <see cref="TokenFitter"/>.</param>
    /// <param name="threads">Threads for assignment.</param>
    public TokenAssigner(string codebookPath, int threads)
    {
        _codebookPath = Path.GetFullPath(codebookPath);
        (_codebook, _) = CodebookFile.Read(_codebookPath);
        _codebookSha256 = CohortTables.Sha256(_codebookPath);
        _threads = Math.Max(1, threads);
    }

    /// <summary>The codebook.</summary>
    public Codebook Codebook => _codebook;

    /// <summary>SHA-256 of the codebook file, lower-case hex.</summary>
    public string CodebookSha256 => _codebookSha256;

    /// <summary>Reads a tile file and assigns its tiles (nothing is written).</summary>
    /// <param name="tileFile">A tile embedding file.</param>
    /// <returns>The tokens.</returns>
    /// <exception cref="InvalidDataException">Not a tile file, or its dimension differs from the codebook's.</exception>
    public SlideTokens Assign(string tileFile)
    {
        using var reader = new TileEmbeddingReader(tileFile);
        if (reader.Dimension != _codebook.Dimension)
        {
            throw new InvalidDataException($"'{tileFile}' has {reader.Dimension}-dimensional embeddings but the codebook has {_codebook.Dimension}; use a codebook fitted on the same model.");
        }

        List<int> index = [], tokens = [];
        List<long> xs = [], ys = [], sizes = [];
        List<float> distances = [];
        var t = Array.Empty<int>();
        var d = Array.Empty<float>();
        while (reader.Next() is { } batch)
        {
            if (t.Length < batch.Count)
            {
                t = new int[batch.Count];
                d = new float[batch.Count];
            }

            _codebook.Assign(batch.Embeddings, t, d, _threads);
            for (var i = 0; i < batch.Count; i++)
            {
                var ok = batch.IsOk(i) && t[i] >= 0;
                tokens.Add(ok ? t[i] : -1);
                distances.Add(ok ? d[i] : float.NaN);
            }

            index.AddRange(batch.TileIndex.ToArray());
            xs.AddRange(batch.X.ToArray());
            ys.AddRange(batch.Y.ToArray());
            sizes.AddRange(batch.Level0TileSize.ToArray());
        }

        return new SlideTokens(reader.SlideId, [.. index], [.. xs], [.. ys], [.. sizes], [.. tokens], [.. distances]);
    }

    /// <summary>Assigns a tile file and writes <c>&lt;outDir&gt;/&lt;slide_id&gt;.tokens.arrow</c>.</summary>
    /// <param name="tileFile">A tile embedding file.</param>
    /// <param name="outDir">Output folder.</param>
    /// <returns>The tokens and the file written.</returns>
    public (SlideTokens Tokens, string Path) AssignAndWrite(string tileFile, string outDir)
    {
        var tokens = Assign(tileFile);
        var path = Path.Combine(outDir, tokens.SlideId + TokensFile.Suffix);
        TokensFile.Write(path, tokens, Provenance(tokens.SlideId, tileFile));
        return (tokens, path);
    }

    /// <summary>Writes the cohort's token histogram table.</summary>
    /// <param name="outDir">Output folder.</param>
    /// <param name="slides">Each slide's tokens.</param>
    /// <returns>The file written.</returns>
    public string WriteHistograms(string outDir, IReadOnlyList<SlideTokens> slides)
    {
        ArgumentNullException.ThrowIfNull(slides);
        var path = Path.Combine(outDir, TokenHistogramFile.FileName);
        TokenHistogramFile.Write(path, _codebook.K, [.. slides.Select(s => (s.SlideId, s.Histogram(_codebook.K)))], Provenance(null, null));
        return path;
    }

    private string Provenance(string? slideId, string? tileFile)
    {
        var json = new JsonObject
        {
            ["tool"] = "slideembed",
            ["tool_version"] = Output.Provenance.ToolVersion,
            ["created_utc"] = DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture),
            ["codebook"] = new JsonObject
            {
                ["path"] = _codebookPath,
                ["sha256"] = _codebookSha256,
                ["k"] = _codebook.K,
                ["dimension"] = _codebook.Dimension,
                ["normalized"] = _codebook.Normalized,
            },
        };
        if (slideId is not null)
        {
            json["slide_id"] = slideId;
            json["tiles_file"] = Path.GetFullPath(tileFile!);
        }

        return json.ToJsonString();
    }
}

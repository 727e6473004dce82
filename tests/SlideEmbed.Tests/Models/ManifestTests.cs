using System.Text.RegularExpressions;
using SlideEmbed.Models;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Tests.Models;

public sealed partial class ManifestTests
{
    private static string ManifestsDir => Path.Combine(TestAssets.RepoRoot, "manifests");

    public static TheoryData<string> AllManifests()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(ManifestsDir, "*.json").Concat(Directory.GetFiles(Path.Combine(TestAssets.RepoRoot, "tests", "models"), "*.json")))
        {
            if (!f.EndsWith(".goldens.json", StringComparison.Ordinal) && !IsOtherKind(f))
            {
                data.Add(Path.GetRelativePath(TestAssets.RepoRoot, f));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllManifests))]
    public void Load_EveryManifest_ValidatesAgainstSchema(string relative)
    {
        var m = ModelManifest.Load(Path.Combine(TestAssets.RepoRoot, relative));

        Assert.Equal(Path.GetFileNameWithoutExtension(relative), m.Name);
        Assert.False(string.IsNullOrWhiteSpace(m.ExportCommand));
        Assert.EndsWith(".onnx", m.OnnxFile, StringComparison.Ordinal);
        Assert.Equal(64, m.ManifestSha256!.Length);
        if (m.Recipe == OutputRecipe.ClsMean)
        {
            Assert.True(m.Dimension % 2 == 0 && m.PrefixTokens >= 1);
        }
    }

    [Fact]
    public void Manifests_CoverEveryModelOfModelsMd_WithItsDimensionAndRecipe()
    {
        var shared = TestAssets.SharedDir;
        if (shared is null)
        {
            Assert.Skip("../shared (MODELS.md) is absent.");
        }

        var rows = File.ReadAllLines(Path.Combine(shared, "MODELS.md"))
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| model", StringComparison.Ordinal) && !l.StartsWith("| name", StringComparison.Ordinal) && !l.StartsWith("|---", StringComparison.Ordinal))
            .Select(l => l.Split('|').Select(c => c.Trim()).ToArray())
            .Where(c => c.Length > 8)
            .ToList();
        var manifests = Directory.GetFiles(ManifestsDir, "*.json").Where(f => !IsOtherKind(f)).Select(ModelManifest.Load).ToList();
        Assert.True(rows.Count >= 18, $"parsed {rows.Count} model rows from MODELS.md");
        foreach (var row in rows)
        {
            var model = row[1];
            var embedding = row[7];
            var match = manifests.FirstOrDefault(m => model.Contains($"({m.Source})", StringComparison.OrdinalIgnoreCase))
                ?? manifests.FirstOrDefault(m => Normalise(m.DisplayName).StartsWith(Normalise(model.Split('(')[0]), StringComparison.Ordinal));
            Assert.True(match is not null, $"no manifest for MODELS.md row '{model}'");
            var dims = Numbers().Matches(embedding).Select(x => int.Parse(x.Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
            Assert.True(dims.Contains(match.Dimension), $"{match.Name}: dimension {match.Dimension} not in MODELS.md '{embedding}'");
            var expected = embedding.Contains("concat", StringComparison.OrdinalIgnoreCase) && match.Dimension == dims.Max()
                ? OutputRecipe.ClsMean
                : embedding.Contains("pool", StringComparison.OrdinalIgnoreCase) || model.Contains("CONCH", StringComparison.Ordinal) || model.Contains("ResNet", StringComparison.Ordinal) || model.Contains("CTransPath", StringComparison.Ordinal)
                    ? OutputRecipe.Pooled
                    : OutputRecipe.Cls;
            // A CLS embedding may also come from a graph that outputs it directly (recipe pooled on a named output).
            var consistent = expected == match.Recipe
                || (expected == OutputRecipe.Cls && match.Recipe == OutputRecipe.Pooled && match.OutputName != "last_hidden_state");
            Assert.True(consistent, $"{match.Name}: recipe {match.Recipe}, MODELS.md says '{embedding}'");
        }
    }

    [Fact]
    public void Load_UnknownKey_IsRejectedNamingIt()
    {
        using var dir = new TempFolder();
        var text = File.ReadAllText(Path.Combine(ManifestsDir, "uni.json")).Replace("\"input_size\"", "\"inptu_size\": 1, \"input_size\"", StringComparison.Ordinal);
        var path = Path.Combine(dir, "uni.json");
        File.WriteAllText(path, text);

        var e = Assert.Throws<ModelManifestException>(() => ModelManifest.Load(path));

        Assert.Contains("inptu_size", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LocateModelFile_Missing_NamesTheExportCommand()
    {
        var catalog = new ModelCatalog([ManifestsDir], [TestAssets.NewTempDir()]);
        var uni = catalog.Find("uni");

        var e = Assert.Throws<ModelManifestException>(() => catalog.LocateModelFile(uni));

        Assert.Contains("tools/export_onnx.py --model uni", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void LocateModelFile_WrongChecksum_IsAnError()
    {
        using var dir = new TempFolder();
        File.Copy(Path.Combine(TestAssets.RepoRoot, "tests", "models", "tiny-cls.json"), Path.Combine(dir, "tiny-cls.json"));
        File.WriteAllBytes(Path.Combine(dir, "tiny-cls.onnx"), [1, 2, 3]);
        var catalog = new ModelCatalog([dir], []);

        var e = Assert.Throws<ModelManifestException>(() => catalog.LocateModelFile(catalog.Find("tiny-cls")));

        Assert.Contains("SHA-256", e.Message, StringComparison.Ordinal);
    }

    // Slide-encoder manifests (e.g. gigapath-slide.json) have their own schema and tests.
    private static bool IsOtherKind(string path) =>
        File.ReadAllText(path) is var text && (text.Contains("\"kind\": \"slide-encoder\"", StringComparison.Ordinal) || text.Contains("\"kind\": \"segmenter\"", StringComparison.Ordinal));

    private static string Normalise(string s) => new([.. s.ToLowerInvariant().Where(char.IsAsciiLetterOrDigit)]);

    [GeneratedRegex(@"\d{3,4}")]
    private static partial Regex Numbers();
}

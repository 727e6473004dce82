using System.CommandLine;
using System.Text.Json;
using SlideEmbed.Configuration;
using SlideEmbed.TestSupport;

namespace SlideEmbed.Cli.Tests;

/// <summary>
/// Every row of the one settings table reaches every command the same way: a flag exactly where its scope
/// says, a configuration key every command reads, and one validation whose message every command reports.
/// </summary>
public sealed class OptionScopeTests
{
    private static readonly (string Name, OptionScope Scope)[] s_commands =
        [("embed", OptionScope.Embed), ("watch", OptionScope.Watch), ("tiles", OptionScope.Tiles), ("inspect", OptionScope.Inspect)];

    public static TheoryData<string> Keys() => [.. OptionTable.Rows.Select(s => s.Key)];

    [Theory]
    [MemberData(nameof(Keys))]
    public void Row_EachCommand_HasItsFlagExactlyWhereItsScopeSays(string key)
    {
        var spec = OptionTable.Find(key)!;
        var root = SlideEmbedCli.BuildRoot(new CliContext(TextWriter.Null, TextWriter.Null));

        foreach (var (name, scope) in s_commands)
        {
            var command = root.Subcommands.Single(c => c.Name == name);
            var has = command.Options.Any(o => o.Name == "--" + key);
            Assert.True(has == spec.In(scope), $"'{name}' {(has ? "has" : "lacks")} --{key}");
        }
    }

    [Theory]
    [MemberData(nameof(Keys))]
    public void Row_InAConfigurationFile_ReadByConfigAndValidatedAlikeByEveryCommand(string key)
    {
        using var dir = new TempFolder();
        var spec = OptionTable.Find(key)!;
        var valid = spec.Read(new SlideEmbedOptions()) ?? (key == "shard" ? "0/4" : spec.Kind == "string" ? "x" : "1");
        var good = Write(dir, "good.json", key, valid);

        var (code, stdout, error) = CliRunner.Run("config", "--config", good);
        Assert.True(code == ExitCodes.Success, error);
        Assert.Contains($"{key} = {valid}", stdout, StringComparison.Ordinal);

        // A value of the wrong kind, where the row has a kind or choices to check.
        const string bogus = "bogus-value";
        string? expected = null;
        try
        {
            spec.Apply(new SlideEmbedOptions(), bogus);
        }
        catch (FormatException e)
        {
            expected = e.Message;
        }

        if (expected is null)
        {
            Assert.Equal("string", spec.Kind);
            return;
        }

        Assert.Contains($"'{key}'", expected, StringComparison.Ordinal);
        var bad = Write(dir, "bad.json", key, bogus);
        var drop = Directory.CreateDirectory(Path.Combine(dir, "drop")).FullName;
        var runs = new[]
        {
            ("config", CliRunner.Run("config", "--config", bad)),
            ("embed", CliRunner.Run("embed", Path.Combine(dir, "s.svs"), "--config", bad)),
            ("tiles", CliRunner.Run("tiles", Path.Combine(dir, "s.svs"), "--config", bad)),
            ("watch", CliRunner.Run("watch", "--drop", drop, "--out", Path.Combine(dir, "out"), "--model", "m", "--config", bad)),
        };
        foreach (var (name, run) in runs)
        {
            Assert.True(run.ExitCode == ExitCodes.Usage, $"{name}: exit {run.ExitCode}");
            Assert.Equal($"error: '{key}' in {bad}: {expected}", run.Error.Trim());
        }
    }

    private static string Write(string dir, string name, string key, string value)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, string> { [key] = value }));
        return path;
    }
}

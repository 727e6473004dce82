namespace SlideEmbed.Cli.Tests;

/// <summary>Runs the CLI in process with captured output.</summary>
internal static class CliRunner
{
    public static (int ExitCode, string Out, string Error) Run(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = SlideEmbedCli.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }
}

using SlideEmbed.Cli;

return SlideEmbedCli.Run(args, Console.Out, Console.Error);

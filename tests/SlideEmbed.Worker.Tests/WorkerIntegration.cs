namespace SlideEmbed.Worker.Tests;

/// <summary>
/// The tests that run the embedding pipeline or child workers: run one at a time, so that quiet periods and
/// kill timings are not disturbed by each other on a small machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WorkerIntegration
{
    public const string Name = "worker-integration";
}

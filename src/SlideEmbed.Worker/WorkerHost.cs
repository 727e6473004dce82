using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging;

namespace SlideEmbed.Worker;

/// <summary>
/// Builds the generic host that runs the drop-folder worker: console logs (one line per event, or JSON with
/// <c>log-format json</c>; journald priorities under systemd), the systemd lifetime when started by systemd
/// (<c>Type=notify</c>: ready once started, stopping on SIGTERM), and a shutdown timeout longer than the
/// grace period so the current slide can finish.
/// </summary>
public static class WorkerHost
{
    /// <summary>Extra time the host allows beyond the grace period for abandoning a slide and releasing its claim.</summary>
    public static readonly TimeSpan ShutdownMargin = TimeSpan.FromSeconds(10);

    /// <summary>Builds the host.</summary>
    /// <param name="options">Watch settings, validated.</param>
    /// <param name="pipeline">The embedding pipeline; the caller keeps ownership and disposes it after the host.</param>
    /// <param name="logFormat"><c>json</c> for JSON lines; anything else for readable lines.</param>
    /// <param name="observer">Per-slide events, or null.</param>
    /// <returns>The host, not started.</returns>
    public static IHost Build(WatchOptions options, WorkerPipeline pipeline, string logFormat, IWorkerObserver? observer = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(pipeline);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            // No appsettings.json or DOTNET_ variables: the worker is configured like the batch CLI, nothing else.
            DisableDefaults = true,
            ApplicationName = "slideembed-watch",
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Services.AddSystemd();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        if (string.Equals(logFormat, "json", StringComparison.OrdinalIgnoreCase))
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else if (SystemdHelpers.IsSystemdService())
        {
            // AddSystemd selects the journald formatter (priority prefixes, no colours).
            builder.Logging.AddConsole();
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }

        builder.Services.Configure<HostOptions>(o =>
        {
            o.ShutdownTimeout = options.GracePeriod + ShutdownMargin;
            o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.StopHost;
        });
        builder.Services.AddSingleton(sp => new DropFolderWorker(options, pipeline, sp.GetRequiredService<ILogger<DropFolderWorker>>(), TimeProvider.System, observer));
        builder.Services.AddSingleton<DropFolderService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DropFolderService>());
        return builder.Build();
    }
}

using Microsoft.ML.OnnxRuntime;

namespace SlideEmbed.Onnx;

/// <summary>
/// The one ONNX Runtime environment of the process, created with a logging callback so that ONNX Runtime's
/// own messages (for example its error line when the CUDA provider cannot load) never reach stderr directly:
/// they are kept for our error messages and passed to <see cref="Log"/> when one is set.
/// </summary>
/// <remarks>Thread-safe. The environment is created on first use and lives for the process.</remarks>
public static class OrtRuntime
{
    private static readonly Lock s_gate = new();
    private static readonly Queue<string> s_recent = new();
    private static readonly DOrtLoggingFunction s_callback = OnLog;
    private static OrtEnv? s_env;

    /// <summary>Receives ONNX Runtime's warnings and errors as plain lines; null (default) keeps them only for error messages.</summary>
    public static Action<string>? Log { get; set; }

    /// <summary>The environment, created on first use with ONNX Runtime's logging routed through <see cref="OrtRuntime"/>.</summary>
    public static OrtEnv Environment
    {
        get
        {
            lock (s_gate)
            {
                if (s_env is null)
                {
                    var options = new EnvironmentCreationOptions
                    {
                        logId = "slideembed",
                        logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_WARNING,
                        loggingFunction = s_callback,
                    };
                    try
                    {
                        s_env = OrtEnv.CreateInstanceWithOptions(ref options);
                    }
                    catch (OnnxRuntimeException)
                    {
                        // Another component created the environment first; its logging stays as it was set.
                        s_env = OrtEnv.Instance();
                    }
                }

                return s_env;
            }
        }
    }

    /// <summary>The last few ONNX Runtime warnings and errors, oldest first.</summary>
    /// <returns>A copy of the messages.</returns>
    public static IReadOnlyList<string> RecentMessages()
    {
        lock (s_recent)
        {
            return [.. s_recent];
        }
    }

    private static void OnLog(IntPtr param, OrtLoggingLevel severity, string category, string logId, string codeLocation, string message)
    {
        var line = $"onnxruntime {(severity >= OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR ? "error" : "warning")}: {message}";
        lock (s_recent)
        {
            s_recent.Enqueue(line);
            while (s_recent.Count > 8)
            {
                s_recent.Dequeue();
            }
        }

        Log?.Invoke(line);
    }
}

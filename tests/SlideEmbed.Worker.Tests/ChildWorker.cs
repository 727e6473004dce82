using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace SlideEmbed.Worker.Tests;

/// <summary>A <c>slideembed watch</c> child process (the CLI dll copied beside the tests), for kill and multi-process tests.</summary>
internal sealed partial class ChildWorker : IDisposable
{
    private const int Sigterm = 15;

    private readonly StringBuilder _output = new();

    private ChildWorker(Process process) => Process = process;

    public Process Process { get; }

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static ChildWorker Start(params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "slideembed.dll"));
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }

        var child = new ChildWorker(Process.Start(psi)!);
        child.Process.OutputDataReceived += (_, e) => child.Append(e.Data);
        child.Process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        child.Process.BeginOutputReadLine();
        child.Process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGKILL: no chance to clean up.</summary>
    public void Kill()
    {
        if (!Process.HasExited)
        {
            Process.Kill();
        }

        Process.WaitForExit();
    }

    /// <summary>SIGTERM, as systemd stops a service.</summary>
    public void Terminate()
    {
        if (!Process.HasExited)
        {
            Assert.Equal(0, SendSignal(Process.Id, Sigterm));
        }
    }

    public bool WaitForExit(TimeSpan timeout)
    {
        if (!Process.WaitForExit(timeout))
        {
            return false;
        }

        Process.WaitForExit(); // flushes the output handlers
        return true;
    }

    public void Dispose()
    {
        if (!Process.HasExited)
        {
            Process.Kill();
            Process.WaitForExit();
        }

        Process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}

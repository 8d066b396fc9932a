using System.Diagnostics;

namespace LiveCommerce.Testing;

/// <summary>
/// A program of this repository run as a separate process from its own build output, as people, scripts
/// and service managers run it. Either its standard output is read by the test (<see cref="Start(string, string[])"/>),
/// or it is drained in the background and its last lines kept for failure messages (<see cref="StartLogged"/>).
/// </summary>
public sealed class ProductProcess : IDisposable
{
    public const string Provisioning = "provisioning/LiveCommerce.Provisioning";
    public const string EdgeHost = "edge/LiveCommerce.Edge.Host";
    private const int LogLines = 200;

    private readonly Process _process;
    private readonly OutputTail? _log;

    private ProductProcess(Process process, OutputTail? log)
    {
        _process = process;
        _log = log;
    }

    /// <summary>
    /// The build output folder of <paramref name="project"/> (a path relative to the repository root, e.g.
    /// <see cref="EdgeHost"/>) for the configuration and framework the running tests were built with.
    /// </summary>
    public static string OutputFolder(string project)
    {
        // The tests run from {repo}/tests/{TestProject}/bin/{Configuration}/{Framework}/.
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var testProject = testOutput;
        while (testProject.Name != "bin")
        {
            testProject = testProject.Parent ?? throw new InvalidOperationException($"{AppContext.BaseDirectory} is not under a bin folder");
        }
        testProject = testProject.Parent!;
        var repository = testProject.Parent?.Parent ?? throw new InvalidOperationException($"{testProject.FullName} is not under tests/");
        var relativeOutput = Path.GetRelativePath(testProject.FullName, testOutput.FullName);
        return Path.Combine(repository.FullName, project.Replace('/', Path.DirectorySeparatorChar), relativeOutput);
    }

    /// <summary>The main assembly of <paramref name="project"/>, named after its folder.</summary>
    public static string DllPath(string project) => Path.Combine(OutputFolder(project), Path.GetFileName(project) + ".dll");

    public StreamWriter Input => _process.StandardInput;

    /// <summary>Standard output, for processes started with <see cref="Start(string, string[])"/>.</summary>
    public StreamReader Output => _log is null ? _process.StandardOutput : throw new InvalidOperationException("the output of a logged process is drained; see Log");

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines a logged process wrote to standard output and error.</summary>
    public string Log => _log?.Text ?? "";

    /// <summary>Starts <paramref name="project"/> with the repository root's working directory; the test reads its output.</summary>
    public static ProductProcess Start(string project, params string[] args) => Start(project, null, logged: false, args);

    /// <summary>
    /// Starts <paramref name="project"/> in its output folder (so its appsettings.json applies) and drains
    /// its output in the background.
    /// </summary>
    public static ProductProcess StartLogged(string project, params string[] args) => Start(project, OutputFolder(project), logged: true, args);

    private static ProductProcess Start(string project, string? workingDirectory, bool logged, string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (workingDirectory is not null)
        {
            info.WorkingDirectory = workingDirectory;
        }
        info.ArgumentList.Add(DllPath(project));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        var process = new Process { StartInfo = info };
        if (!process.Start())
        {
            process.Dispose();
            throw new InvalidOperationException($"dotnet {DllPath(project)} did not start");
        }
        var log = logged ? new OutputTail(LogLines) : null;
        log?.Follow(process);
        return new ProductProcess(process, log);
    }

    public async Task<string> ReadLineAsync(TimeSpan timeout) =>
        await Output.ReadLineAsync().WaitAsync(timeout) ?? throw new EndOfStreamException("the process closed its output");

    /// <summary>Writes a control line and returns the line the process answers.</summary>
    public async Task<string> CommandAsync(string line)
    {
        await Input.WriteLineAsync(line);
        await Input.FlushAsync();
        return await ReadLineAsync(TimeSpan.FromSeconds(10));
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public string StandardErrorToEnd() => _process.StandardError.ReadToEnd();

    /// <summary>Ends the process at once, without letting it clean up (SIGKILL on Linux), and waits until it is gone.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        _process.WaitForExit();
    }

    public void Dispose()
    {
        Kill();
        _process.Dispose();
    }
}

using System.Diagnostics;

namespace LiveCommerce.Provisioning.Tests;

/// <summary>The provisioning CLI as a separate process, as people and scripts run it.</summary>
internal sealed class ProvisioningProcess : IDisposable
{
    private readonly Process _process;

    private ProvisioningProcess(Process process) => _process = process;

    public static string DllPath
    {
        get
        {
            var testOutput = AppContext.BaseDirectory;
            var path = testOutput.Replace(
                Path.Combine("tests", "LiveCommerce.Provisioning.Tests"),
                Path.Combine("provisioning", "LiveCommerce.Provisioning"),
                StringComparison.Ordinal);
            return Path.Combine(path, "LiveCommerce.Provisioning.dll");
        }
    }

    public StreamWriter Input => _process.StandardInput;

    public StreamReader Output => _process.StandardOutput;

    public static ProvisioningProcess Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(DllPath);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        return new ProvisioningProcess(Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start"));
    }

    public async Task<string> ReadLineAsync(TimeSpan timeout) =>
        await _process.StandardOutput.ReadLineAsync().WaitAsync(timeout) ?? throw new EndOfStreamException("the process closed its output");

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

    public int Id => _process.Id;

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
        _process.Dispose();
    }
}

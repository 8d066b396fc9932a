using System.Diagnostics;

namespace LiveCommerce.Testing;

/// <summary>The last lines a child process wrote to stdout and stderr, for failure messages; it drains both streams.</summary>
public sealed class OutputTail(int lines)
{
    private readonly Queue<string> _lines = new();

    /// <summary>Reads the output of <paramref name="process"/>, once it has started (its stdout and stderr redirected).</summary>
    public void Follow(Process process)
    {
        process.OutputDataReceived += Keep;
        process.ErrorDataReceived += Keep;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string Text
    {
        get
        {
            lock (_lines)
            {
                return string.Join(Environment.NewLine, _lines);
            }
        }
    }

    private void Keep(object sender, DataReceivedEventArgs e)
    {
        if (e.Data is null)
        {
            return;
        }
        lock (_lines)
        {
            _lines.Enqueue(e.Data);
            if (_lines.Count > lines)
            {
                _lines.Dequeue();
            }
        }
    }
}

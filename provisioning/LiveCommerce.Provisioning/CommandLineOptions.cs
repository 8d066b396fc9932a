using System.Globalization;

namespace LiveCommerce.Provisioning;

/// <summary><c>--name value</c> pairs of a command line, each option at most once.</summary>
public sealed class CommandLineOptions
{
    private readonly Dictionary<string, string> _values;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    private CommandLineOptions(Dictionary<string, string> values) => _values = values;

    public static CommandLineOptions Parse(ReadOnlySpan<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || name.Length < 3)
            {
                throw new UsageException($"'{name}' is not an option (options look like --name value)");
            }
            if (i + 1 >= args.Length)
            {
                throw new UsageException($"{name} needs a value");
            }
            if (!values.TryAdd(name[2..], args[++i]))
            {
                throw new UsageException($"{name} is given twice");
            }
        }
        return new CommandLineOptions(values);
    }

    public int Number(string name, int defaultValue, int min, int max)
    {
        _used.Add(name);
        if (!_values.TryGetValue(name, out var text))
        {
            return defaultValue;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < min || value > max)
        {
            throw new UsageException($"--{name} must be a whole number from {min} to {max}, not '{text}'");
        }
        return value;
    }

    public int? OptionalInt(string name, int min, int max) =>
        _values.ContainsKey(name) ? Number(name, 0, min, max) : MarkUsed(name);

    public string? Text(string name)
    {
        _used.Add(name);
        return _values.GetValueOrDefault(name);
    }

    /// <summary>Refuses options the command does not know.</summary>
    public void RejectUnknown()
    {
        foreach (var name in _values.Keys)
        {
            if (!_used.Contains(name))
            {
                throw new UsageException($"unknown option --{name}");
            }
        }
    }

    private int? MarkUsed(string name)
    {
        _used.Add(name);
        return null;
    }
}

namespace LiveCommerce.Contracts;

/// <summary>A topic name with the number of partitions it is created with.</summary>
public sealed record TopicSpec(string Name, int Partitions)
{
    /// <summary>Parses <c>name:partitions</c>; a missing count means 1.</summary>
    public static bool TryParse(string text, out TopicSpec spec, out string error)
    {
        spec = new TopicSpec("", 1);
        var parts = text.Split(':', 2, StringSplitOptions.TrimEntries);
        if (parts[0].Length == 0 || !IsValidName(parts[0]))
        {
            error = $"'{text}': a topic name is 1-249 characters of [a-zA-Z0-9._-]";
            return false;
        }
        var partitions = 1;
        if (parts.Length == 2 && (!int.TryParse(parts[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out partitions) || partitions < 1 || partitions > 10_000))
        {
            error = $"'{text}': the partition count must be a whole number from 1 to 10000";
            return false;
        }
        spec = new TopicSpec(parts[0], partitions);
        error = "";
        return true;
    }

    /// <summary>Kafka's rule for topic names.</summary>
    public static bool IsValidName(string name) =>
        name.Length is > 0 and <= 249 && name is not "." and not ".." &&
        name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-');
}

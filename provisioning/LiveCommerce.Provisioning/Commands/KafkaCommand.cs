using System.Globalization;
using LiveCommerce.Contracts;
using LiveCommerce.Kafka.Embedded;

namespace LiveCommerce.Provisioning.Commands;

/// <summary>
/// <c>kafka</c>: an embedded Kafka cluster as its own process, so that restarting an edge does not
/// wipe its Kafka. Prints <c>BOOTSTRAP=...</c>, then answers control lines on stdin.
/// </summary>
public static class KafkaCommand
{
    public sealed record Settings(int Brokers, IReadOnlyList<TopicSpec> Topics)
    {
        public static Settings From(CommandLineOptions options)
        {
            var brokers = options.Number("brokers", 3, 1, 16);
            var topics = new List<TopicSpec>();
            foreach (var item in (options.Text("topics") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!TopicSpec.TryParse(item, out var spec, out var error))
                {
                    throw new UsageException($"--topics {error}");
                }
                topics.Add(spec);
            }
            options.RejectUnknown();
            return new Settings(brokers, topics);
        }
    }

    public static async Task<int> RunAsync(Settings settings, TextReader input, TextWriter output, CancellationToken cancellationToken)
    {
        using var kafka = EmbeddedKafka.Start(settings.Brokers);
        foreach (var topic in settings.Topics)
        {
            kafka.CreateTopic(topic.Name, topic.Partitions);
        }
        await output.WriteLineAsync($"BOOTSTRAP={kafka.BootstrapServers}").ConfigureAwait(false);
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);

        var cancelled = Task.Delay(Timeout.Infinite, cancellationToken);
        while (true)
        {
            // Console.In reads synchronously even through ReadLineAsync; a pool thread keeps Ctrl+C responsive.
            var read = Task.Run(input.ReadLine, CancellationToken.None);
            if (await Task.WhenAny(read, cancelled).ConfigureAwait(false) == cancelled)
            {
                return 0;
            }
            var line = await read.ConfigureAwait(false);
            if (line is null)
            {
                return 0;
            }
            if (line.Trim().Length == 0)
            {
                continue;
            }
            await output.WriteLineAsync(Execute(kafka, line)).ConfigureAwait(false);
            await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Runs one control line; answers <c>ok</c> or <c>error: reason</c>.</summary>
    public static string Execute(EmbeddedKafka kafka, string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        try
        {
            switch (words)
            {
                case ["down", var broker]:
                    kafka.SetBrokerDown(Broker(kafka, broker));
                    return "ok";
                case ["up", var broker]:
                    kafka.SetBrokerUp(Broker(kafka, broker));
                    return "ok";
                case ["rtt", var broker, var ms]:
                    kafka.SetRoundTripTime(Broker(kafka, broker), TimeSpan.FromMilliseconds(Number(ms, "milliseconds", 0, 600_000)));
                    return "ok";
                case ["topic", var name, var partitions]:
                    kafka.CreateTopic(name, Number(partitions, "partitions", 1, 10_000));
                    return "ok";
                default:
                    return "error: expected down <id|all> | up <id|all> | rtt <id|all> <ms> | topic <name> <partitions>";
            }
        }
        catch (Exception e) when (e is FormatException or ArgumentException or EmbeddedKafkaException)
        {
            return $"error: {e.Message.ReplaceLineEndings(" ")}";
        }
    }

    private static int Broker(EmbeddedKafka kafka, string text) =>
        text == "all" ? EmbeddedKafka.AllBrokers : Number(text, "broker id", 1, kafka.BrokerCount);

    private static int Number(string text, string what, int min, int max) =>
        int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new FormatException($"{what} must be a whole number from {min} to {max}, not '{text}'");
}

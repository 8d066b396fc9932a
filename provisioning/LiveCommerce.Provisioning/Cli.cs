using System.Runtime.InteropServices;
using LiveCommerce.Provisioning.Commands;

namespace LiveCommerce.Provisioning;

/// <summary>The provisioning command line: <c>kafka</c>, <c>sandbox</c>, the benchmarks and <c>hash-password</c>.</summary>
public static class Cli
{
    public const string Usage = """
        usage: LiveCommerce.Provisioning <command> [options]

        commands:
          kafka   [--brokers N] [--topics name:partitions,...]
                  runs an embedded Kafka cluster; prints BOOTSTRAP=... first, then reads control
                  lines on stdin: down <id|all> | up <id|all> | rtt <id|all> <ms> | topic <name> <partitions>
          sandbox [--stores N] [--duration SECONDS] [--rate SALES_PER_SECOND_PER_POS]
                  runs a local fleet: a cloud, N stores each with its own Kafka, edge and simulated devices
          bench-gateway [--publishers N] [--seconds S] [--window W]
                  QoS 1 publish benchmark: the edge gateway against a plain mosquitto, same run
          bench-uplink [--records N]
                  drain benchmark: the uplink mirror against a raw consume/produce copy, same run
          bench-offers [--rate SIGHTINGS_PER_SECOND] [--duration SECONDS] [--shoppers N] [--fetch-wait-ms MS]
                  sighting -> offer latency on shoppers' phones against the sightings' ingest latency, same run
          bench-analytics [--records N] [--runs N] [--fetch-wait-ms MS]
                  store state apply rate on pre-loaded sightings against a raw consume loop, same run
          hash-password
                  reads a password (one line) on stdin and prints its hash for Kiosk:Staff:N:PasswordHash
        """;

    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
        {
            await output.WriteLineAsync(Usage).ConfigureAwait(false);
            return args.Length == 0 ? 2 : 0;
        }
        using var stop = new CancellationTokenSource();
        // Ctrl+C (SIGINT) and SIGTERM end a command cleanly: it stops its hosts and clusters, then exits.
        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        try
        {
            var options = CommandLineOptions.Parse(args.AsSpan(1));
            return args[0] switch
            {
                "kafka" => await KafkaCommand.RunAsync(KafkaCommand.Settings.From(options), input, output, stop.Token).ConfigureAwait(false),
                "sandbox" => await SandboxCommand.RunAsync(SandboxCommand.Settings.From(options), output, stop.Token).ConfigureAwait(false),
                "bench-uplink" => await UplinkBenchmarkCommand.RunAsync(UplinkBenchmarkCommand.Settings.From(options), output, stop.Token).ConfigureAwait(false),
                "hash-password" => await HashPasswordCommand.RunAsync(options, input, output, error).ConfigureAwait(false),
                "bench-offers" => await OfferBenchmarkCommand.RunAsync(OfferBenchmarkCommand.Settings.From(options), output, stop.Token).ConfigureAwait(false),
                "bench-analytics" => await AnalyticsBenchmarkCommand.RunAsync(AnalyticsBenchmarkCommand.Settings.From(options), output, stop.Token).ConfigureAwait(false),
                "bench-gateway" => await GatewayBenchmarkCommand.RunAsync(GatewayBenchmarkCommand.Settings.From(options), output, stop.Token).ConfigureAwait(false),
                _ => throw new UsageException($"unknown command '{args[0]}'"),
            };
        }
        catch (UsageException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            await error.WriteLineAsync(Usage).ConfigureAwait(false);
            return 2;
        }
    }
}

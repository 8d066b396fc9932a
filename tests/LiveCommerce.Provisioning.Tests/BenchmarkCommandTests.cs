using System.Globalization;
using System.Text.RegularExpressions;

namespace LiveCommerce.Provisioning.Tests;

public sealed class BenchmarkCommandTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Bench_offers_with_a_small_load_prints_the_offer_and_ingest_latencies_and_exits_0()
    {
        using var bench = ProductProcess.Start(ProductProcess.Provisioning, "bench-offers", "--rate", "200", "--duration", "2");
        var output = await bench.Output.ReadToEndAsync();
        Assert.True(await bench.WaitForExitAsync(s_timeout) == 0, output + bench.StandardErrorToEnd());

        Assert.Contains("40 opted-in shoppers with phones", output, StringComparison.Ordinal);
        Assert.Matches(@"sightings: 400 acknowledged, 0 refused in [\d.]+ s: \d+/s achieved", output);
        var offers = Regex.Match(output, @"offers: (\d+) received on phones, 40 expected, 0 without a known trigger");
        Assert.True(offers.Success, output);
        Assert.InRange(int.Parse(offers.Groups[1].Value, CultureInfo.InvariantCulture), 1, 40);
        Assert.Matches(@"sighting -> offer on the phone\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+", output);
        Assert.Matches(@"baseline: ingest, publish -> PUBACK\s+[\d.]+\s+[\d.]+\s+[\d.]+\s+[\d.]+", output);
        Assert.Matches(@"target: sighting -> offer p99 < 50 ms (met|MISSED)", output);
    }

    [Fact]
    public async Task Bench_analytics_with_few_records_prints_both_rates_per_run_and_exits_0()
    {
        using var bench = ProductProcess.Start(ProductProcess.Provisioning, "bench-analytics", "--records", "2000");
        var output = await bench.Output.ReadToEndAsync();
        Assert.True(await bench.WaitForExitAsync(s_timeout) == 0, output + bench.StandardErrorToEnd());

        Assert.Contains("analytics benchmark: 2000 sightings", output, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^1\s+\d+\s+\d+\s+[\d.]+\s+[\d.]+$", output);
        Assert.Matches(@"(?m)^2\s+\d+\s+\d+\s+[\d.]+\s+[\d.]+$", output);
        Assert.Matches(@"ratio store state/raw: mean [\d.]+, min [\d.]+, max [\d.]+ over 2 runs", output);
    }

    [Fact]
    public async Task A_benchmark_refuses_an_unknown_option_with_usage_and_exit_code_2()
    {
        using var bench = ProductProcess.Start(ProductProcess.Provisioning, "bench-offers", "--rates", "10");
        Assert.Equal(2, await bench.WaitForExitAsync(s_timeout));
        Assert.Contains("unknown option --rates", bench.StandardErrorToEnd(), StringComparison.Ordinal);
    }
}

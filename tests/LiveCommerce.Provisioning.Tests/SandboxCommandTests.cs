namespace LiveCommerce.Provisioning.Tests;

public sealed class SandboxCommandTests
{
    [Fact]
    public async Task Sandbox_with_a_duration_prints_endpoints_and_a_summary_and_exits_0()
    {
        using var sandbox = ProductProcess.Start(ProductProcess.Provisioning, "sandbox", "--stores", "2", "--duration", "6");
        Assert.Equal(0, await sandbox.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        var output = await sandbox.Output.ReadToEndAsync();

        Assert.Matches(@"cloud\s+web http://127\.0\.0\.1:\d+\s+kafka 127\.0\.0\.1:\d+", output);
        Assert.Matches(@"s001\s+\d+\s+http://127\.0\.0\.1:\d+\s+127\.0\.0\.1:\d+", output);
        Assert.Matches(@"s002\s+\d+\s+http://127\.0\.0\.1:\d+\s+127\.0\.0\.1:\d+", output);
        var summary = output[output.IndexOf("summary after", StringComparison.Ordinal)..];
        foreach (var store in new[] { "s001", "s002" })
        {
            // devices acked, edge accepted, edge refused, local records: every acknowledged message is in local Kafka.
            var row = System.Text.RegularExpressions.Regex.Match(summary, store + @"\s+up\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)");
            Assert.True(row.Success, summary);
            var acked = long.Parse(row.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(acked > 0, summary);
            Assert.Equal(row.Groups[1].Value, row.Groups[2].Value);
            Assert.Equal("0", row.Groups[3].Value);
            Assert.Equal(row.Groups[1].Value, row.Groups[4].Value);
            // cloud distinct events: every accepted event reached the cloud through the uplink, none lost.
            Assert.Equal(row.Groups[2].Value, row.Groups[5].Value);
            Assert.Equal("0", row.Groups[7].Value);
        }
        Assert.Matches(@"cloud\s+up", summary);
    }
}

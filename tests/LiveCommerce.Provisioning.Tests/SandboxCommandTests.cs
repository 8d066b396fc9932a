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
            // devices acked, edge accepted, edge refused, device records, store events, cloud distinct, duplicates, lost, offers, redeemed.
            var row = System.Text.RegularExpressions.Regex.Match(summary, store + @"\s+up" + string.Concat(Enumerable.Repeat(@"\s+(\d+)", 10)));
            Assert.True(row.Success, summary);
            long Column(int i) => long.Parse(row.Groups[i].Value, System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(Column(1) > 0, summary);
            // Every acknowledged message is in local Kafka; none refused.
            Assert.Equal(Column(1), Column(2));
            Assert.Equal(0, Column(3));
            Assert.Equal(Column(1), Column(4));
            // Every event of the store's mirrored topics reached the cloud through the uplink, none lost.
            Assert.Equal(Column(5), Column(6));
            Assert.Equal(0, Column(8));
            // The show's products are on air in the stores' zones: shoppers got offers and redeemed some at the checkout.
            Assert.True(Column(9) > 0, summary);
            Assert.InRange(Column(10), 1, Column(9));
        }
        Assert.Matches(@"cloud\s+up", summary);
    }
}

namespace LiveCommerce.Provisioning.Tests;

public sealed class KafkaCommandTests
{
    private static readonly TimeSpan s_start = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Kcat_lists_the_brokers_and_a_message_produced_with_kcat_is_consumed_with_kcat()
    {
        using var kafka = ProductProcess.Start(ProductProcess.Provisioning, "kafka", "--brokers", "3", "--topics", "orders:4,audit");
        var first = await kafka.ReadLineAsync(s_start);
        Assert.StartsWith("BOOTSTRAP=127.0.0.1:", first, StringComparison.Ordinal);
        var bootstrap = first["BOOTSTRAP=".Length..];
        Assert.Equal(3, bootstrap.Split(',').Length);

        var list = await Tool.RunAsync("kcat", null, TimeSpan.FromSeconds(30), "-b", bootstrap, "-L");
        Assert.Equal(0, list.ExitCode);
        Assert.Contains("3 brokers:", list.Output, StringComparison.Ordinal);
        Assert.Contains("topic \"orders\" with 4 partitions", list.Output, StringComparison.Ordinal);
        Assert.Contains("topic \"audit\" with 1 partitions", list.Output, StringComparison.Ordinal);

        var produce = await Tool.RunAsync("kcat", "k1:hello from kcat\n", TimeSpan.FromSeconds(30), "-b", bootstrap, "-P", "-t", "orders", "-K", ":", "-X", "acks=all");
        Assert.True(produce.ExitCode == 0, produce.Error);

        var consume = await Tool.RunAsync("kcat", null, TimeSpan.FromSeconds(30), "-b", bootstrap, "-C", "-t", "orders", "-o", "beginning", "-c", "1", "-e", "-f", "%k=%s\n");
        Assert.True(consume.ExitCode == 0, consume.Error);
        Assert.Equal("k1=hello from kcat", consume.Output.Trim());

        await kafka.Input.DisposeAsync();
        Assert.Equal(0, await kafka.WaitForExitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Control_lines_are_answered_ok_or_with_an_error_reason()
    {
        using var kafka = ProductProcess.Start(ProductProcess.Provisioning, "kafka", "--brokers", "2");
        var bootstrap = (await kafka.ReadLineAsync(s_start))["BOOTSTRAP=".Length..];

        Assert.Equal("ok", await kafka.CommandAsync("topic payments 3"));
        Assert.Equal("ok", await kafka.CommandAsync("rtt all 10"));
        Assert.Equal("ok", await kafka.CommandAsync("rtt 1 0"));
        Assert.Equal("ok", await kafka.CommandAsync("down 2"));
        Assert.Equal("ok", await kafka.CommandAsync("up 2"));
        Assert.Equal("ok", await kafka.CommandAsync("down all"));
        Assert.Equal("ok", await kafka.CommandAsync("up all"));
        Assert.StartsWith("error: broker id must be a whole number from 1 to 2", await kafka.CommandAsync("down 7"), StringComparison.Ordinal);
        Assert.StartsWith("error: partitions must be", await kafka.CommandAsync("topic t x"), StringComparison.Ordinal);
        Assert.StartsWith("error: expected", await kafka.CommandAsync("reboot"), StringComparison.Ordinal);
        Assert.StartsWith("error:", await kafka.CommandAsync("topic bad/name 1"), StringComparison.Ordinal);

        var list = await Tool.RunAsync("kcat", null, TimeSpan.FromSeconds(30), "-b", bootstrap, "-L", "-t", "payments");
        Assert.Contains("topic \"payments\" with 3 partitions", list.Output, StringComparison.Ordinal);

        await kafka.Input.DisposeAsync();
        Assert.Equal(0, await kafka.WaitForExitAsync(TimeSpan.FromSeconds(20)));
    }

    [Fact]
    public async Task Sigint_stops_the_cluster_cleanly()
    {
        using var kafka = ProductProcess.Start(ProductProcess.Provisioning, "kafka", "--brokers", "1");
        await kafka.ReadLineAsync(s_start);
        var kill = await Tool.RunAsync("kill", null, TimeSpan.FromSeconds(5), "-INT", kafka.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(0, kill.ExitCode);
        Assert.Equal(0, await kafka.WaitForExitAsync(TimeSpan.FromSeconds(20)));
    }

    [Theory]
    [InlineData("--brokers", "0", "--brokers must be a whole number from 1 to 16")]
    [InlineData("--brokers", "-3", "--brokers must be a whole number from 1 to 16")]
    [InlineData("--topics", "a:0", "the partition count must be")]
    [InlineData("--color", "blue", "unknown option --color")]
    public async Task Bad_options_exit_2_with_the_reason(string option, string value, string reason)
    {
        using var kafka = ProductProcess.Start(ProductProcess.Provisioning, "kafka", option, value);
        Assert.Equal(2, await kafka.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains(reason, kafka.StandardErrorToEnd(), StringComparison.Ordinal);
    }
}

namespace LiveCommerce.Provisioning.Tests;

public sealed class SandboxCommandTests
{
    [Fact]
    public async Task Sandbox_with_a_duration_prints_endpoints_and_a_summary_and_exits_0()
    {
        using var sandbox = ProvisioningProcess.Start("sandbox", "--stores", "2", "--duration", "6");
        Assert.Equal(0, await sandbox.WaitForExitAsync(TimeSpan.FromSeconds(90)));
        var output = await sandbox.Output.ReadToEndAsync();

        Assert.Matches(@"cloud\s+web http://127\.0\.0\.1:\d+\s+kafka 127\.0\.0\.1:\d+", output);
        Assert.Matches(@"s001\s+\d+\s+http://127\.0\.0\.1:\d+\s+127\.0\.0\.1:\d+", output);
        Assert.Matches(@"s002\s+\d+\s+http://127\.0\.0\.1:\d+\s+127\.0\.0\.1:\d+", output);
        var summary = output[output.IndexOf("summary after", StringComparison.Ordinal)..];
        Assert.Matches(@"s001\s+up\s+\d+", summary);
        Assert.Matches(@"s002\s+up\s+\d+", summary);
        Assert.Matches(@"cloud\s+up", summary);
    }
}

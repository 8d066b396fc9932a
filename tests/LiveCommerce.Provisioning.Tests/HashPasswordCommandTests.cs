using LiveCommerce.Edge.Devices;

namespace LiveCommerce.Provisioning.Tests;

public sealed class HashPasswordCommandTests
{
    [Fact]
    public async Task Hash_password_reads_the_password_on_stdin_and_prints_a_hash_that_verifies_it()
    {
        using var command = ProductProcess.Start(ProductProcess.Provisioning, "hash-password");
        await command.Input.WriteLineAsync("correct horse battery staple");
        command.Input.Close();

        var hash = await command.ReadLineAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(0, await command.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        Assert.StartsWith("pbkdf2-sha256$", hash, StringComparison.Ordinal);
        Assert.DoesNotContain("correct horse", hash, StringComparison.Ordinal);
        Assert.True(DeviceSecretHasher.IsWellFormed(hash));
        Assert.True(DeviceSecretHasher.Verify("correct horse battery staple", hash));
        Assert.False(DeviceSecretHasher.Verify("correct horse battery stapl", hash));
    }

    [Fact]
    public async Task Each_run_salts_the_hash_anew()
    {
        var first = await HashAsync("the-same-password");
        var second = await HashAsync("the-same-password");

        Assert.Equal(0, first.ExitCode);
        Assert.NotEqual(first.Output, second.Output);
        Assert.True(DeviceSecretHasher.Verify("the-same-password", first.Output.Trim()));
        Assert.True(DeviceSecretHasher.Verify("the-same-password", second.Output.Trim()));
    }

    [Theory]
    [InlineData("", "no password on standard input")]
    [InlineData("short\n", "at least 8 characters")]
    public async Task A_missing_or_short_password_exits_1_with_the_reason_and_prints_no_hash(string input, string reason)
    {
        var (exitCode, output, error) = await HashAsync(input, newline: false);

        Assert.Equal(1, exitCode);
        Assert.Equal("", output);
        Assert.Contains(reason, error, StringComparison.Ordinal);
    }

    private static async Task<(int ExitCode, string Output, string Error)> HashAsync(string password, bool newline = true)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await Cli.RunAsync(["hash-password"], new StringReader(newline ? password + "\n" : password), output, error);
        return (exitCode, output.ToString(), error.ToString());
    }
}

using LiveCommerce.Edge.Devices;

namespace LiveCommerce.Provisioning.Commands;

/// <summary>
/// <c>hash-password</c>: reads a password from the first line of standard input and prints its
/// <c>pbkdf2-sha256$...</c> hash, for <c>Kiosk:Staff:N:PasswordHash</c>. The password never appears on the command line.
/// </summary>
public static class HashPasswordCommand
{
    public const int MinLength = 8;

    public static async Task<int> RunAsync(CommandLineOptions options, TextReader input, TextWriter output, TextWriter error)
    {
        options.RejectUnknown();
        var password = await input.ReadLineAsync().ConfigureAwait(false);
        if (string.IsNullOrEmpty(password))
        {
            await error.WriteLineAsync("error: no password on standard input (one line, e.g. read -rs PW; printf '%s\\n' \"$PW\" | ... hash-password)").ConfigureAwait(false);
            return 1;
        }
        if (password.Length < MinLength)
        {
            await error.WriteLineAsync($"error: the password must be at least {MinLength} characters").ConfigureAwait(false);
            return 1;
        }
        await output.WriteLineAsync(DeviceSecretHasher.Hash(password)).ConfigureAwait(false);
        return 0;
    }
}

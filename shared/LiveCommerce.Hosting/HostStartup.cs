using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Hosting;

/// <summary>Runs a host; bad configuration ends it at start with the offending keys named, exit code 2.</summary>
public static class HostStartup
{
    public static async Task<int> RunAsync(WebApplication app, TextWriter error)
    {
        try
        {
            await app.RunAsync().ConfigureAwait(false);
            return 0;
        }
        catch (OptionsValidationException e)
        {
            foreach (var failure in e.Failures)
            {
                await error.WriteLineAsync($"configuration error: {failure}").ConfigureAwait(false);
            }
            return 2;
        }
    }
}

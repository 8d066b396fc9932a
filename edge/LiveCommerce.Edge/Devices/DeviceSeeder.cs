using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Edge.Devices;

/// <summary>Registers the devices of <c>Devices:Seed</c> at start, before the broker accepts connections.</summary>
public sealed class DeviceSeeder(DeviceRegistry registry, IOptions<DevicesOptions> options) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var seed in options.Value.Seed)
        {
            if (DeviceKinds.TryParse(seed.Kind, out var kind))
            {
                registry.Upsert(seed.Id, kind, seed.Secret, seed.Enabled);
            }
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

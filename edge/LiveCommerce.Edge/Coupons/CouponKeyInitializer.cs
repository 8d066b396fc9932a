using Microsoft.Extensions.Hosting;

namespace LiveCommerce.Edge.Coupons;

/// <summary>Loads the coupon key at start (creating it on the first start), so that a bad key file stops the edge at once.</summary>
internal sealed class CouponKeyInitializer(CouponSigningKey key) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        GC.KeepAlive(key);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

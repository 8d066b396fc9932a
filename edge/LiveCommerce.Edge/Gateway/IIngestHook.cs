using LiveCommerce.Contracts;
using LiveCommerce.Edge.Devices;

namespace LiveCommerce.Edge.Gateway;

/// <summary>
/// Runs for every valid device event before the gateway writes it to local Kafka (e.g. redeeming the
/// coupon of a sale). It cannot refuse the event. A <see cref="Confluent.Kafka.KafkaException"/> refuses
/// the publish like a failed write, so that the device sends it again and the hook runs again: hooks are idempotent.
/// </summary>
public interface IIngestHook
{
    Task BeforeWriteAsync(Device device, IValidatableEvent deviceEvent, CancellationToken cancellationToken);
}

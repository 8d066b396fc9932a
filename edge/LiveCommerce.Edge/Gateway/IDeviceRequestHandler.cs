namespace LiveCommerce.Edge.Gateway;

/// <summary>
/// Answers a device request (MQTT 5 request/response) instead of the gateway writing the publish as an event:
/// a publish on <c>lc/v1/{storeId}/{deviceId}/{RequestType}</c> by a device that may send it
/// (<see cref="Devices.DeviceKinds.MayPublish"/>). The gateway publishes the answer to the request's
/// response topic with its correlation data, or to <c>lc/v1/{storeId}/{deviceId}/reply/{RequestType}</c>
/// for MQTT 3.1.1 devices, then acknowledges the request.
/// </summary>
public interface IDeviceRequestHandler
{
    /// <summary>The last topic segment of the request, e.g. <c>redeem</c>.</summary>
    string RequestType { get; }

    /// <summary>
    /// The answer (a JSON payload). A <see cref="Confluent.Kafka.KafkaException"/> means the request could
    /// not be recorded: the device gets no answer and no success acknowledgement, so it sends the request again.
    /// </summary>
    Task<byte[]> HandleAsync(DeviceRequest request, CancellationToken cancellationToken);
}

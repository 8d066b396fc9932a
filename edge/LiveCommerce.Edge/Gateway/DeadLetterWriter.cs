using System.Text;
using System.Text.Json;
using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Kafka;
using Microsoft.Extensions.Logging;

namespace LiveCommerce.Edge.Gateway;

/// <summary>
/// Copies refused payloads to <c>gateway.deadletter</c> with their reasons (headers <c>lc_reasons</c>,
/// <c>lc_errors</c> as JSON, <c>lc_mqtt_topic</c>). A payload holding a card number is never copied:
/// only its reason is.
/// </summary>
public sealed partial class DeadLetterWriter(KafkaProducerHandle producer, TimeProvider time, ILogger<DeadLetterWriter> logger)
{
    public const string ReasonsHeader = "lc_reasons";
    public const string ErrorsHeader = "lc_errors";
    public const string MqttTopicHeader = "lc_mqtt_topic";
    public const string CloudEventType = "com.livecommerce.gateway.deadletter.v1";

    public async Task WriteAsync(string storeId, string deviceId, string mqttTopic, byte[]? payload, IReadOnlyList<ValidationError> errors, CancellationToken cancellationToken)
    {
        var envelope = new EventEnvelope($"{storeId}:{deviceId}:deadletter:{Guid.CreateVersion7()}", EventEnvelope.DeviceSource(storeId, deviceId), CloudEventType, time.GetUtcNow());
        var headers = envelope.ToKafkaHeaders();
        headers.Add(ReasonsHeader, Encoding.UTF8.GetBytes(string.Join(',', errors.Select(e => e.Reason).Distinct())));
        headers.Add(ErrorsHeader, JsonSerializer.SerializeToUtf8Bytes(errors, ContractsJsonContext.Default.IReadOnlyListValidationError));
        headers.Add(MqttTopicHeader, Encoding.UTF8.GetBytes(mqttTopic));
        try
        {
            await producer.Producer.ProduceAsync(
                Topics.GatewayDeadLetter,
                new Message<byte[]?, byte[]> { Key = Encoding.UTF8.GetBytes(deviceId), Value = payload ?? [], Headers = headers },
                cancellationToken).ConfigureAwait(false);
        }
        catch (KafkaException e)
        {
            LogDeadLetterFailed(logger, e, deviceId);
        }
    }

    [LoggerMessage(EventId = 3101, Level = LogLevel.Error, Message = "A refused payload of {DeviceId} could not be copied to the dead-letter topic")]
    private static partial void LogDeadLetterFailed(ILogger logger, Exception exception, string deviceId);
}

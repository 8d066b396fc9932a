using System.Buffers;
using System.Collections;
using System.Collections.Frozen;
using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Edge.Devices;
using LiveCommerce.Edge.Observability;
using LiveCommerce.Edge.Offers;
using LiveCommerce.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace LiveCommerce.Edge.Gateway;

/// <summary>
/// The device-facing side of the edge: authenticates devices, keeps each to its own topics, validates
/// what they publish and writes it to local Kafka. A QoS 1 publish is acknowledged only after Kafka
/// acknowledged the record; when Kafka cannot take it the device gets an error reason code (MQTT 5)
/// or its connection closed (3.1.1), so that it redelivers. Requests (<see cref="IDeviceRequestHandler"/>)
/// are answered instead of written; <see cref="IIngestHook"/>s run before a valid event is written.
/// </summary>
public sealed partial class MqttGateway(
    DeviceRegistry registry,
    ShopperAccess shoppers,
    KafkaProducerHandle producer,
    DeduplicationIndex deduplication,
    DeadLetterWriter deadLetters,
    IEnumerable<IDeviceRequestHandler> requestHandlers,
    IEnumerable<IIngestHook> ingestHooks,
    GatewayMetrics metrics,
    IOptions<EdgeOptions> edgeOptions,
    IOptions<MqttOptions> mqttOptions,
    TimeProvider time,
    ILogger<MqttGateway> logger)
{
    private const int MaxReasonStringLength = 256;

    /// <summary>The sender id of the edge's own messages (answers to requests); they are recognised by the marker below, not by this id.</summary>
    private const string EdgeClientId = "lc-edge";

    /// <summary>Session items of the edge's own messages: the marker is a private object no device session can hold.</summary>
    private static readonly object s_edgeMessageMarker = new();

    /// <summary>The session item holding the token of a shopper's phone.</summary>
    private const string ShopperKey = "lc.shopper";

    private readonly string _storeId = edgeOptions.Value.StoreId;
    private readonly MqttOptions _options = mqttOptions.Value;
    private readonly FrozenDictionary<string, IDeviceRequestHandler> _requestHandlers = requestHandlers.ToFrozenDictionary(h => h.RequestType, StringComparer.Ordinal);
    private readonly IIngestHook[] _ingestHooks = [.. ingestHooks];
    private MqttServer? _server;

    /// <summary>Wires the gateway into the broker's events.</summary>
    public void Attach(MqttServer server)
    {
        _server = server;
        server.ValidatingConnectionAsync += ValidateConnectionAsync;
        server.ClientConnectedAsync += _ =>
        {
            metrics.OnConnected();
            return Task.CompletedTask;
        };
        server.ClientDisconnectedAsync += _ =>
        {
            metrics.OnDisconnected();
            return Task.CompletedTask;
        };
        server.InterceptingPublishAsync += InterceptPublishAsync;
        server.InterceptingSubscriptionAsync += InterceptSubscriptionAsync;
    }

    private Task ValidateConnectionAsync(ValidatingConnectionEventArgs args)
    {
        if (metrics.Connected >= _options.MaxConnections)
        {
            return RefuseConnection(args, MqttConnectReasonCode.ServerBusy, RejectReasons.TooManyConnections, $"at most {_options.MaxConnections} connections");
        }
        if (args.UserName is { } user && user.StartsWith(ShopperAccess.UserNamePrefix, StringComparison.Ordinal))
        {
            var token = user[ShopperAccess.UserNamePrefix.Length..];
            if (!shoppers.Verify(token, args.Password ?? ""))
            {
                return RefuseConnection(args, MqttConnectReasonCode.BadUserNameOrPassword, RejectReasons.UnknownShopper, "unknown shopper or wrong key (opt in first)");
            }
            // The client id is the user name, which no device id can be (':'): a phone can never take over a device's session.
            if (!string.Equals(args.ClientId, user, StringComparison.Ordinal))
            {
                return RefuseConnection(args, MqttConnectReasonCode.ClientIdentifierNotValid, RejectReasons.ClientIdMismatch, "a shopper's client id must be its user name");
            }
            args.SessionItems[ShopperKey] = token;
            args.ReasonCode = MqttConnectReasonCode.Success;
            return Task.CompletedTask;
        }
        var result = registry.Authenticate(args.UserName ?? "", args.Password ?? "", out var device);
        switch (result)
        {
            case AuthenticationResult.UnknownDevice:
                return RefuseConnection(args, MqttConnectReasonCode.BadUserNameOrPassword, RejectReasons.UnknownDevice, "unknown device");
            case AuthenticationResult.WrongSecret:
                return RefuseConnection(args, MqttConnectReasonCode.BadUserNameOrPassword, RejectReasons.WrongSecret, "wrong secret");
            case AuthenticationResult.Disabled:
                return RefuseConnection(args, MqttConnectReasonCode.NotAuthorized, RejectReasons.DisabledDevice, "device is disabled");
        }
        if (!string.Equals(args.ClientId, device!.Id, StringComparison.Ordinal))
        {
            return RefuseConnection(args, MqttConnectReasonCode.ClientIdentifierNotValid, RejectReasons.ClientIdMismatch, "the client id must be the device id");
        }
        args.SessionItems[ConnectionState.Key] = new ConnectionState(device, args.ProtocolVersion, new DeviceRateLimiter(_options.MaxMessagesPerSecondPerDevice, time));
        args.ReasonCode = MqttConnectReasonCode.Success;
        return Task.CompletedTask;
    }

    private Task RefuseConnection(ValidatingConnectionEventArgs args, MqttConnectReasonCode code, string reason, string detail)
    {
        metrics.OnRejected(reason);
        LogConnectionRefused(logger, args.ClientId, args.UserName, reason);
        args.ReasonCode = code;
        args.ReasonString = detail;
        return Task.CompletedTask;
    }

    private Task InterceptSubscriptionAsync(InterceptingSubscriptionEventArgs args)
    {
        var state = args.SessionItems[ConnectionState.Key] as ConnectionState;
        var ownPrefix = state is null ? null : MqttTopic.DevicePrefix(_storeId, state.Device.Id);
        var allowed = args.SessionItems[ShopperKey] is string token
            ? args.TopicFilter.Topic == ShopperAccess.OffersTopic(_storeId, token)
            : ownPrefix is not null && args.TopicFilter.Topic.StartsWith(ownPrefix, StringComparison.Ordinal);
        if (!allowed)
        {
            metrics.OnRejected(RejectReasons.SubscriptionNotAllowed);
            args.ProcessSubscription = false;
            args.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
        }
        return Task.CompletedTask;
    }

    private async Task InterceptPublishAsync(InterceptingPublishEventArgs args)
    {
        if (args.SessionItems[s_edgeMessageMarker] is not null)
        {
            return;
        }
        metrics.OnReceived();
        var started = Stopwatch.GetTimestamp();
        args.ProcessPublish = false;
        if (args.SessionItems[ConnectionState.Key] is not ConnectionState state)
        {
            var shopper = args.SessionItems[ShopperKey] is not null;
            Refuse(args, null, MqttPubAckReasonCode.NotAuthorized, shopper ? RejectReasons.ShopperPublish : RejectReasons.UnknownDevice,
                shopper ? "a shopper's phone only receives offers" : "not authenticated");
            return;
        }
        var message = args.ApplicationMessage;
        if (message.Payload.Length > _options.MaxPayloadBytes)
        {
            Refuse(args, state, MqttPubAckReasonCode.ImplementationSpecificError, RejectReasons.Oversize, $"oversize: {message.Payload.Length} bytes, at most {_options.MaxPayloadBytes}");
            return;
        }
        if (!MqttTopic.TryParse(message.Topic, out var topic))
        {
            Refuse(args, state, MqttPubAckReasonCode.TopicNameInvalid, RejectReasons.TopicOutsideScheme, $"topic must be {MqttTopic.Prefix}{{storeId}}/{{deviceId}}/{{eventType}}");
            return;
        }
        if (topic.StoreId != _storeId)
        {
            Refuse(args, state, MqttPubAckReasonCode.NotAuthorized, RejectReasons.WrongStore, $"this is store {_storeId}");
            return;
        }
        if (topic.DeviceId != state.Device.Id)
        {
            Refuse(args, state, MqttPubAckReasonCode.NotAuthorized, RejectReasons.OtherDevicesTopic, $"{state.Device.Id} may publish only under {MqttTopic.Prefix}{_storeId}/{state.Device.Id}/");
            return;
        }
        EventKind? kind = null;
        var requestHandler = _requestHandlers.GetValueOrDefault(topic.EventType);
        if (!DeviceKinds.MayPublish(state.Device.Kind, topic.EventType) || (requestHandler is null && !EventCatalog.TryGet(topic.EventType, out kind)))
        {
            Refuse(args, state, MqttPubAckReasonCode.TopicNameInvalid, RejectReasons.EventTypeNotAllowed, $"a {DeviceKinds.Name(state.Device.Kind)} may not publish '{topic.EventType}'");
            return;
        }
        if (!state.RateLimiter.TryTake())
        {
            Refuse(args, state, MqttPubAckReasonCode.QuotaExceeded, RejectReasons.RateLimited, $"more than {_options.MaxMessagesPerSecondPerDevice} messages/s");
            return;
        }
        if (requestHandler is not null)
        {
            await AnswerAsync(args, state, requestHandler).ConfigureAwait(false);
            return;
        }

        var payload = message.Payload.ToArray();
        var parsed = kind!.Parse(payload, time);
        if (!parsed.IsValid)
        {
            var cardNumber = parsed.Errors.Any(e => e.Reason == ValidationReasons.CardNumber);
            var reason = cardNumber ? RejectReasons.CardNumber : RejectReasons.InvalidPayload;
            await deadLetters.WriteAsync(_storeId, state.Device.Id, message.Topic, cardNumber ? null : payload, parsed.Errors, args.CancellationToken).ConfigureAwait(false);
            Refuse(args, state, MqttPubAckReasonCode.PayloadFormatInvalid, reason, Describe(parsed.Errors));
            return;
        }

        try
        {
            foreach (var hook in _ingestHooks)
            {
                await hook.BeforeWriteAsync(state.Device, parsed.Event, args.CancellationToken).ConfigureAwait(false);
            }
        }
        catch (KafkaException e)
        {
            RefuseKafkaUnavailable(args, state, e);
            return;
        }

        var eventId = parsed.Sequence is long sequence
            ? $"{_storeId}:{state.Device.Id}:{kind.Name}:{sequence}"
            : $"{_storeId}:{state.Device.Id}:{kind.Name}:{Guid.CreateVersion7()}";
        var envelope = new EventEnvelope(eventId, EventEnvelope.DeviceSource(_storeId, state.Device.Id), kind.CloudEventType, parsed.Event.Time);
        await WriteOnceAsync(args, state, kind.Topic, envelope, parsed.PartitionKey, payload, started).ConfigureAwait(false);
    }

    private async Task WriteOnceAsync(InterceptingPublishEventArgs args, ConnectionState state, string kafkaTopic, EventEnvelope envelope, string? key, byte[] payload, long started)
    {
        while (true)
        {
            if (!deduplication.TryBegin(envelope.Id, out var claim, out var existing))
            {
                if (await existing.ConfigureAwait(false))
                {
                    metrics.OnDuplicate();
                    args.Response.ReasonCode = MqttPubAckReasonCode.Success;
                    return;
                }
                continue;
            }
            var persisted = false;
            try
            {
                var headers = envelope.ToKafkaHeaders();
                var message = new Message<byte[]?, byte[]> { Key = key is null ? null : Encoding.UTF8.GetBytes(key), Value = payload, Headers = headers };
                await producer.Producer.ProduceAsync(kafkaTopic, message, CancellationToken.None).ConfigureAwait(false);
                persisted = true;
            }
            catch (KafkaException e)
            {
                RefuseKafkaUnavailable(args, state, e);
                return;
            }
            finally
            {
                deduplication.Complete(envelope.Id, claim, persisted);
            }
            metrics.KafkaAckLatency.Record(Stopwatch.GetElapsedTime(started));
            metrics.OnAccepted();
            args.Response.ReasonCode = MqttPubAckReasonCode.Success;
            return;
        }
    }

    /// <summary>
    /// Runs a request and publishes the answer to the device: on the request's response topic with its
    /// correlation data (MQTT 5), else on <c>lc/v1/{storeId}/{deviceId}/reply/{requestType}</c>. The
    /// response topic must be under the device's own prefix, where it may subscribe.
    /// </summary>
    private async Task AnswerAsync(InterceptingPublishEventArgs args, ConnectionState state, IDeviceRequestHandler handler)
    {
        var request = args.ApplicationMessage;
        var ownPrefix = MqttTopic.DevicePrefix(_storeId, state.Device.Id);
        var responseTopic = state.IsMqtt5 && !string.IsNullOrEmpty(request.ResponseTopic)
            ? request.ResponseTopic
            : MqttTopic.ReplyFor(_storeId, state.Device.Id, handler.RequestType);
        if (!responseTopic.StartsWith(ownPrefix, StringComparison.Ordinal) || responseTopic.AsSpan().IndexOfAny('+', '#') >= 0)
        {
            Refuse(args, state, MqttPubAckReasonCode.NotAuthorized, RejectReasons.ResponseTopicNotAllowed, $"the response topic must be under {ownPrefix}, without wildcards");
            return;
        }
        byte[] answer;
        try
        {
            answer = await handler.HandleAsync(new DeviceRequest(state.Device, request.Payload.ToArray()), args.CancellationToken).ConfigureAwait(false);
        }
        catch (KafkaException e)
        {
            RefuseKafkaUnavailable(args, state, e);
            return;
        }
        var response = new MqttApplicationMessageBuilder()
            .WithTopic(responseTopic)
            .WithPayload(answer)
            .WithContentType(EventEnvelope.JsonContentType)
            .WithCorrelationData(request.CorrelationData)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        await InjectAsync(response, args.CancellationToken).ConfigureAwait(false);
        metrics.OnAccepted();
        args.Response.ReasonCode = MqttPubAckReasonCode.Success;
    }

    /// <summary>
    /// Publishes a message of the edge's own (QoS 1, not retained) to the subscribers of <paramref name="topic"/>;
    /// before the broker has started there is nobody to publish to.
    /// </summary>
    public Task PublishAsync(string topic, byte[] payload, CancellationToken cancellationToken) =>
        _server is null ? Task.CompletedTask : InjectAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithContentType(EventEnvelope.JsonContentType)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build(), cancellationToken);

    /// <summary>Disconnects the phone of shopper <paramref name="token"/>, if it is connected: after an opt-out or a new key it must sign in again.</summary>
    public async Task DisconnectShopperAsync(string token)
    {
        if (_server is null)
        {
            return;
        }
        var clientId = ShopperAccess.UserNamePrefix + token;
        foreach (var client in (await _server.GetClientsAsync().ConfigureAwait(false)).Where(c => c.Id == clientId))
        {
            await client.DisconnectAsync().ConfigureAwait(false);
        }
    }

    private Task InjectAsync(MqttApplicationMessage message, CancellationToken cancellationToken)
    {
        var sessionItems = new Hashtable { [s_edgeMessageMarker] = s_edgeMessageMarker };
        return _server!.InjectApplicationMessage(new InjectedMqttApplicationMessage(message) { SenderClientId = EdgeClientId, CustomSessionItems = sessionItems }, cancellationToken);
    }

    private void RefuseKafkaUnavailable(InterceptingPublishEventArgs args, ConnectionState state, KafkaException e)
    {
        LogKafkaFailed(logger, e, state.Device.Id, e.Error.Code);
        var detail = $"local Kafka did not take the message ({e.Error.Code}); send it again";
        if (state.IsMqtt5)
        {
            Refuse(args, state, MqttPubAckReasonCode.UnspecifiedError, RejectReasons.KafkaUnavailable, detail);
        }
        else
        {
            metrics.OnRejected(RejectReasons.KafkaUnavailable);
            args.CloseConnection = true;
        }
    }

    private void Refuse(InterceptingPublishEventArgs args, ConnectionState? state, MqttPubAckReasonCode code, string reason, string detail)
    {
        metrics.OnRejected(reason);
        LogPublishRefused(logger, state?.Device.Id ?? args.ClientId, args.ApplicationMessage.Topic, reason, detail);
        args.Response.ReasonCode = code;
        args.Response.ReasonString = detail.Length > MaxReasonStringLength ? detail[..MaxReasonStringLength] : detail;
    }

    private static string Describe(IReadOnlyList<ValidationError> errors) =>
        string.Join("; ", errors.Select(e => e.Field.Length == 0 ? $"{e.Reason}: {e.Message}" : $"{e.Field}: {e.Reason}"));

    [LoggerMessage(EventId = 3001, Level = LogLevel.Warning, Message = "Connection of {ClientId} (user {UserName}) refused: {Reason}")]
    private static partial void LogConnectionRefused(ILogger logger, string clientId, string? userName, string reason);

    [LoggerMessage(EventId = 3002, Level = LogLevel.Information, Message = "Publish of {DeviceId} on {Topic} refused: {Reason} ({Detail})")]
    private static partial void LogPublishRefused(ILogger logger, string deviceId, string topic, string reason, string detail);

    [LoggerMessage(EventId = 3003, Level = LogLevel.Warning, Message = "Local Kafka did not take a publish of {DeviceId}: {Code}")]
    private static partial void LogKafkaFailed(ILogger logger, Exception exception, string deviceId, ErrorCode code);
}

namespace LiveCommerce.Edge.Gateway;

/// <summary>Why the gateway refused a connection or a message; the label of the rejection counters.</summary>
public static class RejectReasons
{
    public const string TopicOutsideScheme = "topic-outside-scheme";
    public const string WrongStore = "wrong-store";
    public const string OtherDevicesTopic = "other-device-topic";
    public const string EventTypeNotAllowed = "event-type-not-allowed";
    public const string Oversize = "oversize";
    public const string RateLimited = "rate-limited";
    public const string InvalidPayload = "invalid-payload";
    public const string CardNumber = "card-number";
    public const string KafkaUnavailable = "kafka-unavailable";
    public const string UnknownDevice = "unknown-device";
    public const string WrongSecret = "wrong-secret";
    public const string DisabledDevice = "disabled-device";
    public const string ClientIdMismatch = "client-id-mismatch";
    public const string TooManyConnections = "too-many-connections";
    public const string SubscriptionNotAllowed = "subscription-not-allowed";
    public const string ResponseTopicNotAllowed = "response-topic-not-allowed";
    public const string UnknownShopper = "unknown-shopper";
    public const string ShopperPublish = "shopper-publish";
}

namespace LiveCommerce.Kafka.Embedded;

/// <summary>A mock-cluster operation failed; the message names the operation and the librdkafka error.</summary>
public sealed class EmbeddedKafkaException : Exception
{
    public EmbeddedKafkaException(string message) : base(message)
    {
    }

    public EmbeddedKafkaException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public EmbeddedKafkaException()
    {
    }
}

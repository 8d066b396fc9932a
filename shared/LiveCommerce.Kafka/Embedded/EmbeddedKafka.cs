using System.Runtime.InteropServices;
using System.Text;
using Confluent.Kafka;
using LiveCommerce.Contracts;

namespace LiveCommerce.Kafka.Embedded;

/// <summary>
/// A librdkafka mock cluster hosted in this process: the real Kafka protocol on 127.0.0.1,
/// with fault controls (brokers down and up, latency, request errors). A test harness and a
/// development default, not a durable log: it lives in memory, has no admin API, no TLS/SASL,
/// no compaction and about 5 MiB of retention per partition.
/// </summary>
public sealed class EmbeddedKafka : IDisposable
{
    /// <summary>Broker id meaning every broker of the cluster.</summary>
    public const int AllBrokers = -1;

    private readonly Lock _gate = new();
    private IntPtr _handle;
    private IntPtr _cluster;

    private EmbeddedKafka(IntPtr handle, IntPtr cluster, int brokerCount)
    {
        _handle = handle;
        _cluster = cluster;
        BrokerCount = brokerCount;
        BootstrapServers = Marshal.PtrToStringUTF8(NativeMethods.MockClusterBootstraps(cluster))
            ?? throw new EmbeddedKafkaException("the mock cluster has no bootstrap servers");
    }

    /// <summary>The brokers' addresses, <c>127.0.0.1:port,...</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>Brokers are numbered 1..BrokerCount.</summary>
    public int BrokerCount { get; }

    /// <summary>Starts a cluster of <paramref name="brokers"/> brokers; new consumer groups get their first assignment without the 3 s initial rebalance delay.</summary>
    public static EmbeddedKafka Start(int brokers = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(brokers, 64);
        NativeMethods.EnsureResolver();
        // Confluent.Kafka's own loader must have run first, so that both use the same native library.
        _ = Library.Version;

        var errstr = new byte[512];
        var conf = NativeMethods.ConfNew();
        // The hosting handle never connects anywhere; keep its log quiet.
        NativeMethods.ConfSet(conf, "log_level", "0", errstr, (nuint)errstr.Length);
        var handle = NativeMethods.KafkaNew(NativeMethods.ProducerType, conf, errstr, (nuint)errstr.Length);
        if (handle == IntPtr.Zero)
        {
            throw new EmbeddedKafkaException($"rd_kafka_new failed: {Encoding.UTF8.GetString(errstr).TrimEnd('\0')}");
        }
        var cluster = NativeMethods.MockClusterNew(handle, brokers);
        if (cluster == IntPtr.Zero)
        {
            NativeMethods.KafkaDestroy(handle);
            throw new EmbeddedKafkaException("rd_kafka_mock_cluster_new failed");
        }
        var kafka = new EmbeddedKafka(handle, cluster, brokers);
        kafka.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        return kafka;
    }

    /// <summary>Creates a topic; creating one that exists is not an error.</summary>
    public void CreateTopic(string name, int partitions, int replicationFactor = 1)
    {
        if (!TopicSpec.IsValidName(name))
        {
            throw new ArgumentException($"'{name}' is not a valid topic name", nameof(name));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(partitions, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(replicationFactor, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(replicationFactor, BrokerCount);
        var error = Call(c => NativeMethods.MockTopicCreate(c, name, partitions, replicationFactor));
        if (error != 0 && (ErrorCode)error != ErrorCode.TopicAlreadyExists)
        {
            throw Failure($"creating topic {name}", error);
        }
    }

    /// <summary>Takes a broker (or <see cref="AllBrokers"/>) down: its connections are closed and new ones refused.</summary>
    public void SetBrokerDown(int brokerId) => Check($"taking broker {brokerId} down", Call(c => NativeMethods.MockBrokerSetDown(c, CheckBroker(brokerId))));

    /// <summary>Brings a broker (or <see cref="AllBrokers"/>) back up.</summary>
    public void SetBrokerUp(int brokerId) => Check($"bringing broker {brokerId} up", Call(c => NativeMethods.MockBrokerSetUp(c, CheckBroker(brokerId))));

    /// <summary>Adds a round-trip time to every response of a broker (or <see cref="AllBrokers"/>).</summary>
    public void SetRoundTripTime(int brokerId, TimeSpan rtt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rtt, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(rtt, TimeSpan.FromMinutes(10));
        Check($"setting the round trip of broker {brokerId}", Call(c => NativeMethods.MockBrokerSetRtt(c, CheckBroker(brokerId), (int)rtt.TotalMilliseconds)));
    }

    /// <summary>The next requests of <paramref name="apiKey"/>, on any broker, fail with these errors in order.</summary>
    public void PushRequestErrors(KafkaApiKey apiKey, params ErrorCode[] errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (errors.Length == 0)
        {
            return;
        }
        var codes = Array.ConvertAll(errors, e => (int)e);
        Call(c =>
        {
            NativeMethods.MockPushRequestErrorsArray(c, (short)apiKey, (nuint)codes.Length, codes);
            return 0;
        });
    }

    /// <summary>Drops errors pushed for <paramref name="apiKey"/> that were not used yet.</summary>
    public void ClearRequestErrors(KafkaApiKey apiKey) => Call(c =>
    {
        NativeMethods.MockClearRequestErrors(c, (short)apiKey);
        return 0;
    });

    /// <summary>How long a new consumer group waits before its first rebalance (0 by default here; Kafka's is 3 s).</summary>
    public void SetGroupInitialRebalanceDelay(TimeSpan delay) => Call(c =>
    {
        NativeMethods.MockGroupInitialRebalanceDelayMs(c, (int)delay.TotalMilliseconds);
        return 0;
    });

    /// <summary>Destroys the cluster, then its hosting handle.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_cluster != IntPtr.Zero)
            {
                NativeMethods.MockClusterDestroy(_cluster);
                _cluster = IntPtr.Zero;
            }
            if (_handle != IntPtr.Zero)
            {
                NativeMethods.KafkaDestroy(_handle);
                _handle = IntPtr.Zero;
            }
        }
    }

    private int CheckBroker(int brokerId)
    {
        if (brokerId != AllBrokers && (brokerId < 1 || brokerId > BrokerCount))
        {
            throw new ArgumentOutOfRangeException(nameof(brokerId), brokerId, $"brokers are 1..{BrokerCount} or {AllBrokers} for all");
        }
        return brokerId;
    }

    private int Call(Func<IntPtr, int> operation)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_cluster == IntPtr.Zero, this);
            return operation(_cluster);
        }
    }

    private static void Check(string what, int error)
    {
        if (error != 0)
        {
            throw Failure(what, error);
        }
    }

    private static EmbeddedKafkaException Failure(string what, int error) =>
        new($"{what} failed: {Marshal.PtrToStringUTF8(NativeMethods.ErrorName(error))}");
}

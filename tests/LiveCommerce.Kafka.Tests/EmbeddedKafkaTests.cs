using System.Diagnostics;
using Confluent.Kafka;
using LiveCommerce.Kafka.Embedded;

namespace LiveCommerce.Kafka.Tests;

public sealed class EmbeddedKafkaTests
{
    private static IProducer<string, string> Producer(string bootstrap, int retries = int.MaxValue) =>
        new ProducerBuilder<string, string>(new ProducerConfig
        {
            BootstrapServers = bootstrap,
            Acks = Acks.All,
            EnableIdempotence = retries > 0,
            MessageSendMaxRetries = retries,
            RetryBackoffMs = 50,
            MessageTimeoutMs = 60_000,
        }).Build();

    private static IConsumer<string, string> Consumer(string bootstrap) =>
        new ConsumerBuilder<string, string>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "g-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
        }).Build();

    private static List<ConsumeResult<string, string>> ConsumeAll(IConsumer<string, string> consumer, int expected, TimeSpan timeout)
    {
        var results = new List<ConsumeResult<string, string>>();
        var deadline = DateTime.UtcNow + timeout;
        while (results.Count < expected && DateTime.UtcNow < deadline)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (r is not null)
            {
                results.Add(r);
            }
        }
        return results;
    }

    [Fact]
    public async Task Records_produced_are_consumed_with_confluent_clients()
    {
        using var kafka = EmbeddedKafka.Start(3);
        kafka.CreateTopic("orders", 4);
        Assert.Equal(3, kafka.BootstrapServers.Split(',').Length);
        Assert.All(kafka.BootstrapServers.Split(','), b => Assert.StartsWith("127.0.0.1:", b, StringComparison.Ordinal));

        using var producer = Producer(kafka.BootstrapServers);
        for (var i = 0; i < 50; i++)
        {
            await producer.ProduceAsync("orders", new Message<string, string> { Key = $"k{i}", Value = $"v{i}" });
        }
        using var consumer = Consumer(kafka.BootstrapServers);
        consumer.Subscribe("orders");
        var got = ConsumeAll(consumer, 50, TimeSpan.FromSeconds(20));

        Assert.Equal(50, got.Count);
        Assert.Equal(4, got.Select(r => r.Partition.Value).Distinct().Count());
        Assert.Equal(Enumerable.Range(0, 50).Select(i => $"v{i}").Order(), got.Select(r => r.Message.Value).Order());
    }

    [Fact]
    public async Task Produce_waits_while_all_brokers_are_down_and_completes_after_up()
    {
        using var kafka = EmbeddedKafka.Start(3);
        kafka.CreateTopic("sales", 2);
        using var producer = Producer(kafka.BootstrapServers);
        await producer.ProduceAsync("sales", new Message<string, string> { Key = "a", Value = "before" });

        kafka.SetBrokerDown(EmbeddedKafka.AllBrokers);
        var pending = producer.ProduceAsync("sales", new Message<string, string> { Key = "a", Value = "during" });
        var early = await Task.WhenAny(pending, Task.Delay(TimeSpan.FromSeconds(2)));
        Assert.NotSame(pending, early);

        kafka.SetBrokerUp(EmbeddedKafka.AllBrokers);
        var delivered = await pending.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);

        using var consumer = Consumer(kafka.BootstrapServers);
        consumer.Subscribe("sales");
        var got = ConsumeAll(consumer, 2, TimeSpan.FromSeconds(20));
        Assert.Equal(["before", "during"], got.Select(r => r.Message.Value));
    }

    [Fact]
    public async Task Added_latency_shows_in_the_measured_round_trip()
    {
        using var kafka = EmbeddedKafka.Start(1);
        kafka.CreateTopic("rtt", 1);
        using var producer = Producer(kafka.BootstrapServers);
        await producer.ProduceAsync("rtt", new Message<string, string> { Key = "k", Value = "warm" });

        var fast = await MeasureAsync(producer);
        kafka.SetRoundTripTime(1, TimeSpan.FromMilliseconds(300));
        var slow = await MeasureAsync(producer);
        kafka.SetRoundTripTime(1, TimeSpan.Zero);
        var fastAgain = await MeasureAsync(producer);

        Assert.True(slow >= TimeSpan.FromMilliseconds(280), $"with 300 ms rtt a produce took {slow.TotalMilliseconds} ms");
        Assert.True(fast < TimeSpan.FromMilliseconds(200), $"without added rtt a produce took {fast.TotalMilliseconds} ms");
        Assert.True(fastAgain < TimeSpan.FromMilliseconds(200), $"after clearing the rtt a produce took {fastAgain.TotalMilliseconds} ms");
    }

    private static async Task<TimeSpan> MeasureAsync(IProducer<string, string> producer)
    {
        var watch = Stopwatch.StartNew();
        await producer.ProduceAsync("rtt", new Message<string, string> { Key = "k", Value = "x" });
        return watch.Elapsed;
    }

    [Fact]
    public async Task Pushed_request_errors_are_seen_by_the_client_and_retried()
    {
        using var kafka = EmbeddedKafka.Start(1);
        kafka.CreateTopic("errs", 1);

        using (var noRetry = Producer(kafka.BootstrapServers, retries: 0))
        {
            await noRetry.ProduceAsync("errs", new Message<string, string> { Key = "k", Value = "warm" });
            kafka.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.InvalidRecord);
            var failure = await Assert.ThrowsAsync<ProduceException<string, string>>(
                () => noRetry.ProduceAsync("errs", new Message<string, string> { Key = "k", Value = "rejected" }));
            Assert.Equal(ErrorCode.InvalidRecord, failure.Error.Code);
        }

        using var producer = Producer(kafka.BootstrapServers);
        await producer.ProduceAsync("errs", new Message<string, string> { Key = "k", Value = "warm" });
        kafka.PushRequestErrors(KafkaApiKey.Produce, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotEnoughReplicas);
        var delivered = await producer.ProduceAsync("errs", new Message<string, string> { Key = "k", Value = "retried" }).WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(PersistenceStatus.Persisted, delivered.Status);

        using var consumer = Consumer(kafka.BootstrapServers);
        consumer.Subscribe("errs");
        var got = ConsumeAll(consumer, 3, TimeSpan.FromSeconds(20));
        Assert.Equal(["warm", "warm", "retried"], got.Select(r => r.Message.Value));
    }

    [Fact]
    public async Task Two_clusters_side_by_side_do_not_mix()
    {
        using var a = EmbeddedKafka.Start(1);
        using var b = EmbeddedKafka.Start(2);
        Assert.Empty(a.BootstrapServers.Split(',').Intersect(b.BootstrapServers.Split(',')));
        a.CreateTopic("t", 1);
        b.CreateTopic("t", 1);

        using (var pa = Producer(a.BootstrapServers))
        using (var pb = Producer(b.BootstrapServers))
        {
            await pa.ProduceAsync("t", new Message<string, string> { Key = "k", Value = "from-a" });
            await pb.ProduceAsync("t", new Message<string, string> { Key = "k", Value = "from-b" });
            await pb.ProduceAsync("t", new Message<string, string> { Key = "k", Value = "from-b-2" });
        }

        using var ca = Consumer(a.BootstrapServers);
        ca.Subscribe("t");
        using var cb = Consumer(b.BootstrapServers);
        cb.Subscribe("t");
        Assert.Equal(["from-a"], ConsumeAll(ca, 1, TimeSpan.FromSeconds(20)).Select(r => r.Message.Value));
        Assert.Equal(["from-b", "from-b-2"], ConsumeAll(cb, 2, TimeSpan.FromSeconds(20)).Select(r => r.Message.Value));

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = b.BootstrapServers }).Build();
        Assert.Equal(2, admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers.Count);
    }

    [Fact]
    public void Concurrent_fault_controls_from_several_threads_are_safe()
    {
        using var kafka = EmbeddedKafka.Start(3);
        Parallel.For(0, 64, i =>
        {
            kafka.CreateTopic($"p{i % 8}", 2);
            kafka.SetRoundTripTime(1 + i % 3, TimeSpan.FromMilliseconds(i % 5));
            kafka.SetBrokerDown(1 + i % 3);
            kafka.SetBrokerUp(1 + i % 3);
        });
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = kafka.BootstrapServers }).Build();
        var topics = admin.GetMetadata(TimeSpan.FromSeconds(10)).Topics.Select(t => t.Topic).ToHashSet();
        Assert.True(Enumerable.Range(0, 8).All(i => topics.Contains($"p{i}")));
    }

    [Fact]
    public void Bad_arguments_are_refused_with_a_reason()
    {
        using var kafka = EmbeddedKafka.Start(2);
        Assert.Throws<ArgumentOutOfRangeException>(() => kafka.SetBrokerDown(3));
        Assert.Throws<ArgumentException>(() => kafka.CreateTopic("bad topic", 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => kafka.CreateTopic("ok", 0));
        kafka.Dispose();
        Assert.Throws<ObjectDisposedException>(() => kafka.CreateTopic("ok", 1));
    }
}

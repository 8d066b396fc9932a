using System.Net;
using System.Text.Json;
using LiveCommerce.Edge;
using LiveCommerce.Kafka;
using LiveCommerce.Kafka.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Edge.Tests;

public sealed class EdgeHostTests : IDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "lc-edge-tests-" + Guid.NewGuid().ToString("N"));

    private WebApplication Create(string bootstrap, params (string Key, string? Value)[] settings)
    {
        var overrides = new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Mqtt:Port"] = "0",
            ["Mqtt:BindAddress"] = "127.0.0.1",
            ["Edge:StoreId"] = "s042",
            ["Edge:DataDirectory"] = _data,
            ["Kafka:BootstrapServers"] = bootstrap,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings)
        {
            overrides[key] = value;
        }
        return EdgeApplication.Create([], overrides);
    }

    [Fact]
    public async Task Healthz_reports_each_component_and_503_when_kafka_is_down()
    {
        using var kafka = EmbeddedKafka.Start(1);
        await using var app = Create(kafka.BootstrapServers);
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using (var up = await http.GetAsync(new Uri("/healthz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, up.StatusCode);
            using var json = JsonDocument.Parse(await up.Content.ReadAsStringAsync());
            Assert.Equal("up", json.RootElement.GetProperty("status").GetString());
            var components = json.RootElement.GetProperty("components");
            Assert.Equal("up", components.GetProperty("kafka").GetProperty("status").GetString());
            Assert.Equal("up", components.GetProperty("storage").GetProperty("status").GetString());
            Assert.True(File.Exists(Path.Combine(_data, "edge-s042.db")));
        }

        kafka.SetBrokerDown(EmbeddedKafka.AllBrokers);
        using (var down = await http.GetAsync(new Uri("/healthz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
            using var json = JsonDocument.Parse(await down.Content.ReadAsStringAsync());
            Assert.Equal("down", json.RootElement.GetProperty("components").GetProperty("kafka").GetProperty("status").GetString());
            Assert.Equal("up", json.RootElement.GetProperty("components").GetProperty("storage").GetProperty("status").GetString());
        }
        await app.StopAsync();
    }

    [Fact]
    public async Task Local_topics_are_created_on_start_of_an_embedded_edge()
    {
        await using var app = Create("embedded", ("Kafka:EmbeddedBrokers", "1"));
        await app.StartAsync();
        var bootstrap = app.Services.GetRequiredService<KafkaCluster>().BootstrapServers;
        using var admin = new Confluent.Kafka.AdminClientBuilder(new Confluent.Kafka.AdminClientConfig { BootstrapServers = bootstrap }).Build();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        HashSet<string> topics;
        do
        {
            topics = admin.GetMetadata(TimeSpan.FromSeconds(5)).Topics.Where(t => t.Partitions.Count > 0).Select(t => t.Topic).ToHashSet();
            await Task.Delay(50);
        }
        while (!Contracts.Topics.Local.All(t => topics.Contains(t.Name)) && DateTime.UtcNow < deadline);
        Assert.All(Contracts.Topics.Local, t => Assert.Contains(t.Name, topics));
        await app.StopAsync();
    }

    [Theory]
    [InlineData("Kafka:BootstrapServers", "", "Kafka:BootstrapServers must not be empty")]
    [InlineData("Kafka:BootstrapServers", "nohost", "Kafka:BootstrapServers: 'nohost' is not host:port")]
    [InlineData("Kafka:EmbeddedBrokers", "-1", "Kafka:EmbeddedBrokers must be between 1 and 16")]
    [InlineData("Edge:StoreId", "Store 1!", "Edge:StoreId must be a lowercase letter")]
    [InlineData("Edge:StoreId", "", "Edge:StoreId is required")]
    public async Task Bad_configuration_stops_the_host_at_start_naming_the_key(string key, string value, string message)
    {
        await using var app = Create("127.0.0.1:9", (key, value));
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());
        Assert.Contains(message, string.Join("; ", error.Failures), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}

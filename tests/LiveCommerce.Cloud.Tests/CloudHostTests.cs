using System.Net;
using System.Text.Json;
using LiveCommerce.Cloud;
using LiveCommerce.Kafka.Embedded;

namespace LiveCommerce.Cloud.Tests;

public sealed class CloudHostTests : IDisposable
{
    private readonly DirectoryInfo _data = Directory.CreateTempSubdirectory("lc-cloud-");

    public void Dispose() => _data.Delete(recursive: true);

    [Fact]
    public async Task Healthz_reports_kafka_and_503_when_its_brokers_are_down()
    {
        using var kafka = EmbeddedKafka.Start(2);
        await using var app = CloudApplication.Create([], new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Kafka:BootstrapServers"] = kafka.BootstrapServers,
            ["Cloud:DataDirectory"] = _data.FullName,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        using (var up = await http.GetAsync(new Uri("/healthz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.OK, up.StatusCode);
            using var json = JsonDocument.Parse(await up.Content.ReadAsStringAsync());
            Assert.Equal(2, json.RootElement.GetProperty("components").GetProperty("kafka").GetProperty("brokers").GetInt32());
        }
        kafka.SetBrokerDown(EmbeddedKafka.AllBrokers);
        using (var down = await http.GetAsync(new Uri("/healthz", UriKind.Relative)))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        }
        await app.StopAsync();
    }

    [Fact]
    public async Task Embedded_default_starts_its_own_cluster()
    {
        await using var app = CloudApplication.Create([], new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Kafka:BootstrapServers"] = "embedded",
            ["Kafka:EmbeddedBrokers"] = "1",
            ["Cloud:DataDirectory"] = _data.FullName,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
        using var response = await http.GetAsync(new Uri("/healthz", UriKind.Relative));
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(json.RootElement.GetProperty("components").GetProperty("kafka").GetProperty("embedded").GetBoolean());
        await app.StopAsync();
    }
}

using Confluent.Kafka;
using LiveCommerce.Contracts;
using LiveCommerce.Edge;
using LiveCommerce.Edge.Downlink;
using LiveCommerce.Edge.Offers;
using LiveCommerce.Edge.Storage;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Cloud.Training.Tests;

public sealed class OfferModelUpdaterTests(TrainedModels trained) : IClassFixture<TrainedModels>, IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("offers-").FullName;
    private long _offset;

    [Fact]
    public void A_downlinked_model_replaces_the_shipped_one_and_a_bad_later_one_is_tried_once_and_kept_out()
    {
        var (store, database) = Open();
        using var model = new OfferPropensityModel(new RecordingLogger<OfferPropensityModel>());
        var updater = Updater(model, store, database, 5000);

        Assert.False(updater.CheckOnce());
        Assert.Equal(OfferPropensityModel.ShippedVersion, model.Version);

        Downlink(store, "2026-12-04.1", trained.Inverted.ToOnnx(), 1_000);
        Assert.True(updater.CheckOnce());
        Assert.Equal("2026-12-04.1", model.Version);
        Assert.False(updater.CheckOnce());

        Downlink(store, "2026-12-04.2", [1, 2, 3, 4], 2_000);
        Assert.False(updater.CheckOnce());
        Assert.False(updater.CheckOnce());
        Assert.Equal("2026-12-04.1", model.Version);
    }

    [Fact]
    public async Task The_running_updater_picks_up_a_model_that_comes_down()
    {
        var (store, database) = Open();
        using var model = new OfferPropensityModel(new RecordingLogger<OfferPropensityModel>());
        using var updater = Updater(model, store, database, 100);
        await updater.StartAsync(CancellationToken.None);
        try
        {
            Downlink(store, "v7", trained.Regular.ToOnnx(), 1_000);
            await Poll.UntilAsync(() => model.Version == "v7", TimeSpan.FromSeconds(30), "model v7 in use");
        }
        finally
        {
            await updater.StopAsync(CancellationToken.None);
        }
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private (DownlinkStore Store, EdgeDatabase Database) Open()
    {
        var database = new EdgeDatabase(Options.Create(new EdgeOptions { StoreId = "s001", DataDirectory = _directory }));
        return (new DownlinkStore(database), database);
    }

    private static OfferModelUpdater Updater(OfferPropensityModel model, DownlinkStore store, EdgeDatabase database, int pollMs) =>
        new(model, store, database, TimeProvider.System, Options.Create(new OffersOptions { ModelPollMs = pollMs }), new RecordingLogger<OfferModelUpdater>());

    private void Downlink(DownlinkStore store, string version, byte[] onnx, long timestampMs)
    {
        var record = new ConsumeResult<byte[]?, byte[]?>
        {
            TopicPartitionOffset = new TopicPartitionOffset(Topics.CloudModelsOfferPropensity, 0, _offset++),
            Message = new Message<byte[]?, byte[]?>
            {
                Key = System.Text.Encoding.UTF8.GetBytes(version),
                Value = onnx,
                Timestamp = new Timestamp(timestampMs, TimestampType.CreateTime),
            },
        };
        store.Apply([record], (_, reason) => throw new InvalidOperationException(reason));
    }
}

using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using LiveCommerce.Contracts;
using LiveCommerce.Edge.Coupons;
using LiveCommerce.Edge.Gateway;
using Microsoft.Extensions.DependencyInjection;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace LiveCommerce.Edge.Tests;

public sealed class CouponTests
{
    private static CouponIssuer Issuer(EdgeUnderTest edge) => edge.App.Services.GetRequiredService<CouponIssuer>();

    private static List<JsonElement> Redemptions(EdgeUnderTest edge) =>
        [.. KafkaReader.ReadToEnd(edge.Kafka.BootstrapServers, Topics.PosRedemptions).Select(r => JsonDocument.Parse(r.Message.Value).RootElement.Clone())];

    private static MqttApplicationMessage Message(string topic, string payload) =>
        new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload).WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build();

    /// <summary>A token with the same payload as <paramref name="token"/> and one character of the payload part changed.</summary>
    private static string FlipPayloadCharacter(string token)
    {
        var chars = token.ToCharArray();
        var i = token.IndexOf('.', StringComparison.Ordinal) / 2;
        chars[i] = chars[i] == 'A' ? 'B' : 'A';
        return new string(chars);
    }

    /// <summary>Signs a payload like the edge does, with any key.</summary>
    private static string Sign(ECDsa key, object payload)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(payload, JsonSerializerOptions.Web);
        return CouponToken.Encode(json, key.SignData(json, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    private static object PayloadFor(string storeId, string sku) => new
    {
        couponId = Guid.CreateVersion7(),
        storeId,
        sku,
        discountPercent = 50,
        issuedAt = DateTimeOffset.UtcNow,
        expiresAt = DateTimeOffset.UtcNow.AddHours(1),
        shopperToken = "shopper-x",
        maxUses = 1,
    };

    [Fact]
    public async Task Coupon_is_redeemed_once_over_mqtt5_request_response_and_a_retry_of_the_same_receipt_gets_the_same_answer()
    {
        await using var edge = await EdgeUnderTest.StartAsync();
        var coupon = Issuer(edge).Issue("sku-1", 15, "shopper-1", offerId: "offer-7");
        using var pos = await PosTerminal.ConnectAsync(edge, "pos-01");

        var first = await pos.RedeemAsync(coupon.Token, "sku-1", "r-100");
        var retry = await pos.RedeemAsync(coupon.Token, "sku-1", "r-100");
        var second = await pos.RedeemAsync(coupon.Token, "sku-1", "r-101");

        Assert.Equal(new RedeemAnswer(true, CouponReasons.Accepted, 15, coupon.Payload.CouponId), first);
        Assert.Equal(first, retry);
        Assert.Equal(new RedeemAnswer(false, CouponReasons.AlreadyRedeemed, null, coupon.Payload.CouponId), second);
        Assert.Equal(CouponReasons.AlreadyRedeemed, edge.App.Services.GetRequiredService<CouponVerifier>().Verify(coupon.Token, ["sku-1"]).Reason);

        var attempts = Redemptions(edge);
        Assert.Equal(3, attempts.Count);
        var accepted = attempts.Where(a => a.GetProperty("accepted").GetBoolean()).ToList();
        Assert.Equal(2, accepted.Count);
        Assert.All(accepted, a => Assert.Equal("r-100", a.GetProperty("receiptId").GetString()));
        var records = KafkaReader.ReadToEnd(edge.Kafka.BootstrapServers, Topics.PosRedemptions);
        Assert.All(records, r => Assert.Equal(coupon.Payload.CouponId.ToString(), r.Message.Key));
        Assert.All(records, r => Assert.Equal(PosRedemption.CloudEventType, r.Header(EnvelopeHeaders.Type)));
        Assert.All(records, r => Assert.Equal("/stores/s042/devices/pos-01", r.Header(EnvelopeHeaders.Source)));
        // The retry is the same attempt: the cloud deduplicates it by ce_id.
        Assert.Equal(2, records.Select(r => r.Header(EnvelopeHeaders.Id)).Distinct().Count());
    }

    [Fact]
    public async Task Tampered_foreign_expired_wrong_sku_and_malformed_coupons_are_refused_and_every_attempt_is_on_pos_redemptions()
    {
        await using var edge = await EdgeUnderTest.StartAsync();
        var issuer = Issuer(edge);
        using var pos = await PosTerminal.ConnectAsync(edge, "pos-01");
        using var otherStoreKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var ownKey = edge.App.Services.GetRequiredService<CouponSigningKey>();
        var pastIssuer = ActivatorUtilities.CreateInstance<CouponIssuer>(edge.App.Services, new ShiftedClock(TimeSpan.FromHours(-3)));
        var otherStoreJson = JsonSerializer.SerializeToUtf8Bytes(PayloadFor("s999", "sku-1"), JsonSerializerOptions.Web);
        var signedForOtherStore = CouponToken.Encode(otherStoreJson, ownKey.Sign(otherStoreJson));

        var cases = new (string What, string Token, string Sku, string Reason)[]
        {
            ("tampered payload", FlipPayloadCharacter(issuer.Issue("sku-1", 10, "shopper-1").Token), "sku-1", CouponReasons.BadSignature),
            ("another store's key", Sign(otherStoreKey, PayloadFor(EdgeUnderTest.StoreId, "sku-1")), "sku-1", CouponReasons.BadSignature),
            ("this key, another store", signedForOtherStore, "sku-1", CouponReasons.WrongStore),
            ("expired", pastIssuer.Issue("sku-1", 10, "shopper-1", TimeSpan.FromHours(1)).Token, "sku-1", CouponReasons.Expired),
            ("another sku", issuer.Issue("sku-2", 10, "shopper-1").Token, "sku-1", CouponReasons.WrongSku),
            ("one part", "not-a-coupon", "sku-1", CouponReasons.Malformed),
            ("three parts", "a.b.c", "sku-1", CouponReasons.Malformed),
            ("short signature", "eyJhIjoxfQ.AAAA", "sku-1", CouponReasons.Malformed),
        };
        for (var i = 0; i < cases.Length; i++)
        {
            var answer = await pos.RedeemAsync(cases[i].Token, cases[i].Sku, $"r-{i}");
            Assert.True(!answer.Accepted && answer.Reason == cases[i].Reason, $"{cases[i].What}: {answer}");
        }
        var unreadable = await pos.RequestAsync("{\"couponCode\":");
        Assert.Equal(new RedeemAnswer(false, CouponReasons.Malformed, null, null), unreadable);

        var attempts = Redemptions(edge);
        Assert.Equal(cases.Length + 1, attempts.Count);
        Assert.All(attempts, a => Assert.False(a.GetProperty("accepted").GetBoolean()));
        Assert.Equal(
            cases.Select(c => c.Reason).Append(CouponReasons.Malformed).Order(StringComparer.Ordinal),
            attempts.Select(a => a.GetProperty("reason").GetString()!).Order(StringComparer.Ordinal));
        Assert.Contains(attempts, a => a.GetProperty("reason").GetString() == CouponReasons.WrongStore && a.GetProperty("couponStoreId").GetString() == "s999");
    }

    [Fact]
    public async Task Concurrent_redemptions_of_one_coupon_have_exactly_one_winner()
    {
        await using var edge = await EdgeUnderTest.StartAsync();
        var issuer = Issuer(edge);
        using var pos1 = await PosTerminal.ConnectAsync(edge, "pos-01");
        using var pos2 = await PosTerminal.ConnectAsync(edge, "pos-02");
        for (var i = 0; i < 5; i++)
        {
            var coupon = issuer.Issue("sku-1", 20, $"shopper-{i}");
            var answers = await Task.WhenAll(pos1.RedeemAsync(coupon.Token, "sku-1", $"a-{i}"), pos2.RedeemAsync(coupon.Token, "sku-1", $"b-{i}"));
            Assert.Single(answers, a => a.Accepted);
            Assert.Single(answers, a => a.Reason == CouponReasons.AlreadyRedeemed);
        }

        // Many at once through the redeemer itself, each for its own receipt.
        var contested = issuer.Issue("sku-1", 20, "shopper-9");
        var redeemer = edge.App.Services.GetRequiredService<CouponRedeemer>();
        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(() =>
            redeemer.RedeemAsync("pos-01", $"c-{i}", contested.Token, ["sku-1"], CouponRedeemer.RequestChannel, CancellationToken.None))));
        Assert.Single(results, r => r.IsAccepted);
        Assert.Equal(15, results.Count(r => r.Reason == CouponReasons.AlreadyRedeemed));
    }

    [Fact]
    public async Task Coupon_pos_on_mqtt311_gets_the_answer_on_its_reply_topic_and_response_topics_stay_under_the_device_prefix()
    {
        await using var edge = await EdgeUnderTest.StartAsync();
        var coupon = Issuer(edge).Issue("sku-1", 30, "shopper-1");
        using var pos = await PosTerminal.ConnectAsync(edge, "pos-02", MqttProtocolVersion.V311);

        Assert.Equal(new RedeemAnswer(true, CouponReasons.Accepted, 30, coupon.Payload.CouponId), await pos.RedeemAsync(coupon.Token, "sku-1", "r-1"));
        Assert.Equal(CouponReasons.AlreadyRedeemed, (await pos.RedeemAsync(coupon.Token, "sku-1", "r-2")).Reason);

        using var v5 = await edge.ConnectAsync("pos-01");
        var elsewhere = await v5.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(EdgeUnderTest.Topic("pos-01", "redeem"))
            .WithPayload($$"""{"couponCode":"{{coupon.Token}}","sku":"sku-1","receiptId":"r-3"}""")
            .WithResponseTopic(MqttTopic.ReplyFor(EdgeUnderTest.StoreId, "pos-02", "redeem"))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build());
        Assert.Equal(MqttClientPublishReasonCode.NotAuthorized, elsewhere.ReasonCode);
        Assert.Equal(1, edge.Metrics.RejectedBy(RejectReasons.ResponseTopicNotAllowed));

        using var sensor = await edge.ConnectAsync("sensor-01");
        var notForSensors = await sensor.PublishAsync(Message(EdgeUnderTest.Topic("sensor-01", "redeem"), "{}"));
        Assert.Equal(MqttClientPublishReasonCode.TopicNameInvalid, notForSensors.ReasonCode);
    }

    [Fact]
    public async Task Coupon_key_and_ledger_survive_an_edge_restart()
    {
        await using var edge = await EdgeUnderTest.StartAsync();
        var keyPath = edge.App.Services.GetRequiredService<CouponSigningKey>().KeyPath;
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(keyPath));
        }
        using var http = new HttpClient();
        var keyBefore = await http.GetStringAsync(new Uri(new Uri(edge.HttpUrl), "/coupons/public-key"));
        var redeemedBefore = Issuer(edge).Issue("sku-1", 10, "shopper-1");
        var redeemedAfter = Issuer(edge).Issue("sku-1", 12, "shopper-2");
        using (var pos = await PosTerminal.ConnectAsync(edge, "pos-01"))
        {
            Assert.True((await pos.RedeemAsync(redeemedBefore.Token, "sku-1", "r-1")).Accepted);
        }

        await edge.StopAppAsync();
        await edge.StartAppAsync();

        var keyAfter = await http.GetStringAsync(new Uri(new Uri(edge.HttpUrl), "/coupons/public-key"));
        Assert.Equal(keyBefore, keyAfter);
        using var again = await PosTerminal.ConnectAsync(edge, "pos-02");
        Assert.Equal(CouponReasons.AlreadyRedeemed, (await again.RedeemAsync(redeemedBefore.Token, "sku-1", "r-2")).Reason);
        Assert.Equal(new RedeemAnswer(true, CouponReasons.Accepted, 12, redeemedAfter.Payload.CouponId), await again.RedeemAsync(redeemedAfter.Token, "sku-1", "r-3"));
        Assert.Equal(CouponReasons.AlreadyRedeemed, (await again.RedeemAsync(redeemedAfter.Token, "sku-1", "r-4")).Reason);
    }

    [Fact]
    public async Task Coupon_verifies_offline_at_the_pos_with_only_the_public_key()
    {
        await using var edge = await EdgeUnderTest.StartAsync();
        var coupon = Issuer(edge).Issue("sku-1", 25, "shopper-1", TimeSpan.FromHours(2), "offer-1");
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(new Uri(edge.HttpUrl), "/coupons/public-key"));
        Assert.Equal(CouponEndpoints.PemContentType, response.Content.Headers.ContentType?.MediaType);
        var pem = await response.Content.ReadAsStringAsync();

        // The POS side: nothing but the PEM and the token, no call to the edge.
        using var publicKey = ECDsa.Create();
        publicKey.ImportSubjectPublicKeyInfo(Convert.FromBase64String(string.Concat(pem.Split('\n').Where(l => !l.StartsWith("-----", StringComparison.Ordinal)))), out _);
        var parts = coupon.Token.Split('.');
        Assert.Equal(2, parts.Length);
        var payload = Base64Url.DecodeFromChars(parts[0]);
        var signature = Base64Url.DecodeFromChars(parts[1]);
        Assert.Equal(64, signature.Length);
        Assert.True(publicKey.VerifyData(payload, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
        var tampered = Base64Url.DecodeFromChars(FlipPayloadCharacter(coupon.Token).Split('.')[0]);
        Assert.False(publicKey.VerifyData(tampered, signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));

        using var json = JsonDocument.Parse(payload);
        var root = json.RootElement;
        Assert.Equal(coupon.Payload.CouponId, root.GetProperty("couponId").GetGuid());
        Assert.Equal(7, root.GetProperty("couponId").GetGuid().Version);
        Assert.Equal(EdgeUnderTest.StoreId, root.GetProperty("storeId").GetString());
        Assert.Equal("sku-1", root.GetProperty("sku").GetString());
        Assert.Equal(25, root.GetProperty("discountPercent").GetInt32());
        Assert.Equal("shopper-1", root.GetProperty("shopperToken").GetString());
        Assert.Equal("offer-1", root.GetProperty("offerId").GetString());
        Assert.Equal(1, root.GetProperty("maxUses").GetInt32());
        Assert.Equal(TimeSpan.FromHours(2), root.GetProperty("expiresAt").GetDateTimeOffset() - root.GetProperty("issuedAt").GetDateTimeOffset());
    }

    [Fact]
    public async Task Coupon_on_a_sale_is_redeemed_before_the_sale_is_written_and_a_refused_one_does_not_stop_the_sale()
    {
        await using var edge = await EdgeUnderTest.StartAsync();
        var issuer = Issuer(edge);
        var onSale = issuer.Issue("sku-1", 10, "shopper-1");
        var askedFirst = issuer.Issue("sku-1", 10, "shopper-2");
        using var pos = await PosTerminal.ConnectAsync(edge, "pos-01");
        string Sale(long sequence, string token) => Samples.Sale("pos-01", sequence, extra: $",\"couponCode\":\"{token}\"");

        Assert.True((await pos.Client.PublishAsync(Message(EdgeUnderTest.Topic("pos-01", "sale"), Sale(1, onSale.Token)))).IsSuccess);
        Assert.True((await pos.Client.PublishAsync(Message(EdgeUnderTest.Topic("pos-01", "sale"), Sale(2, onSale.Token)))).IsSuccess);
        // Redeemed by request while ringing up receipt r-3, then sent with the sale of r-3: one redemption, not two.
        Assert.True((await pos.RedeemAsync(askedFirst.Token, "sku-1", "r-3")).Accepted);
        Assert.True((await pos.Client.PublishAsync(Message(EdgeUnderTest.Topic("pos-01", "sale"), Sale(3, askedFirst.Token)))).IsSuccess);

        Assert.Equal(3, KafkaReader.ReadAll(edge.Kafka.BootstrapServers, Topics.PosSales, 3, TimeSpan.FromSeconds(20)).Count);
        var attempts = Redemptions(edge);
        var bySale = attempts.Where(a => a.GetProperty("channel").GetString() == CouponRedeemer.SaleChannel).ToList();
        Assert.Contains(bySale, a => a.GetProperty("receiptId").GetString() == "r-1" && a.GetProperty("accepted").GetBoolean() && a.GetProperty("discountPercent").GetInt32() == 10);
        Assert.Contains(bySale, a => a.GetProperty("receiptId").GetString() == "r-2" && a.GetProperty("reason").GetString() == CouponReasons.AlreadyRedeemed);
        Assert.Contains(bySale, a => a.GetProperty("receiptId").GetString() == "r-3" && a.GetProperty("accepted").GetBoolean());
        Assert.DoesNotContain(attempts, a => a.GetProperty("receiptId").GetString() == "r-3" && !a.GetProperty("accepted").GetBoolean());
    }
}

namespace LiveCommerce.Edge.Offers;

/// <summary>
/// The answer to an opt-in: the key, shown once, and how the phone gets its offers (MQTT user name and topic,
/// or <c>GET /shoppers/{token}/offers</c> with <c>Authorization: Bearer {key}</c>).
/// </summary>
public sealed record OptInResponse(string ShopperToken, string Key, string MqttUserName, string OffersTopic);

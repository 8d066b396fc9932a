namespace LiveCommerce.Edge.Kiosk;

/// <summary>The signed-in staff user, as <c>GET /kiosk/me</c> answers it.</summary>
public sealed record StaffIdentity(string UserName);

namespace LiveCommerce.Edge.Uplink;

/// <summary>Uplink priority: after an outage critical drains before normal before bulk.</summary>
public enum PriorityClass
{
    Critical,
    Normal,
    Bulk,
}

using System.ComponentModel.DataAnnotations;

namespace LiveCommerce.Edge;

/// <summary>The <c>Edge</c> configuration section: who this store is and where it keeps its state.</summary>
public sealed class EdgeOptions
{
    public const string Section = "Edge";

    /// <summary>Store id: lowercase letter first, then lowercase letters, digits or '-', 2–32 characters (e.g. <c>s001</c>).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Edge:StoreId is required (e.g. s001)")]
    [RegularExpression(StoreIdPattern, ErrorMessage = "Edge:StoreId must be a lowercase letter then 1-31 lowercase letters, digits or '-' (e.g. s001)")]
    public string StoreId { get; set; } = "";

    /// <summary>Folder of the SQLite database and other state; created if missing.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Edge:DataDirectory is required")]
    public string DataDirectory { get; set; } = "data";

    public const string StoreIdPattern = "^[a-z][a-z0-9-]{1,31}$";
}

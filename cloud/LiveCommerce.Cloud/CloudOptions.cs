using System.ComponentModel.DataAnnotations;

namespace LiveCommerce.Cloud;

/// <summary>The <c>Cloud</c> configuration section: where the cloud services keep their local state.</summary>
public sealed class CloudOptions : IValidatableObject
{
    public const string Section = "Cloud";

    /// <summary>Folder of the cloud services' SQLite databases; created if missing.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Cloud:DataDirectory is required: a folder for the cloud's SQLite state (e.g. data)")]
    public string DataDirectory { get; set; } = "data";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(DataDirectory) && File.Exists(DataDirectory))
        {
            yield return new ValidationResult($"Cloud:DataDirectory: '{DataDirectory}' is a file, not a folder", [nameof(DataDirectory)]);
        }
    }
}

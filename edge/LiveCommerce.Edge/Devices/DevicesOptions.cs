using System.ComponentModel.DataAnnotations;
using System.Text.RegularExpressions;

namespace LiveCommerce.Edge.Devices;

/// <summary>The <c>Devices</c> configuration section.</summary>
public sealed partial class DevicesOptions : IValidatableObject
{
    public const string Section = "Devices";
    public const string DeviceIdPattern = "^[a-z0-9][a-z0-9-]{0,62}$";

    /// <summary>Not a device id: <c>lc/v1/{storeId}/shoppers/</c> is where shoppers' phones get their offers.</summary>
    public const string ReservedId = "shoppers";

    public List<DeviceSeed> Seed { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Seed.Count; i++)
        {
            var seed = Seed[i];
            if (!DeviceId().IsMatch(seed.Id))
            {
                yield return new ValidationResult($"Devices:Seed:{i}:Id '{seed.Id}' must be 1-63 lowercase letters, digits or '-'");
            }
            else if (seed.Id == ReservedId)
            {
                yield return new ValidationResult($"Devices:Seed:{i}:Id '{ReservedId}' is reserved for the shoppers' offer topics");
            }
            if (!DeviceKinds.TryParse(seed.Kind, out _))
            {
                yield return new ValidationResult($"Devices:Seed:{i}:Kind '{seed.Kind}' must be one of {string.Join(", ", DeviceKinds.Names)}");
            }
            if (seed.Secret.Length < 8)
            {
                yield return new ValidationResult($"Devices:Seed:{i}:Secret must be at least 8 characters");
            }
        }
    }

    [GeneratedRegex(DeviceIdPattern)]
    public static partial Regex DeviceId();
}

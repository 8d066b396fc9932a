using System.ComponentModel.DataAnnotations;
using LiveCommerce.Edge.Devices;

namespace LiveCommerce.Edge.Kiosk;

/// <summary>The <c>Kiosk</c> configuration section: the staff who may sign in to the kiosk page and how long a session lasts.</summary>
public sealed class KioskOptions : IValidatableObject
{
    public const string Section = "Kiosk";

    /// <summary>The staff users; none means nobody can sign in.</summary>
    public List<StaffUserOptions> Staff { get; set; } = [];

    /// <summary>How long a sign-in lasts (minutes), from the moment of signing in.</summary>
    [Range(1, 10_080, ErrorMessage = "Kiosk:SessionMinutes must be between 1 and 10080 (one week)")]
    public int SessionMinutes { get; set; } = 480;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Staff.Count; i++)
        {
            var staff = Staff[i];
            var key = $"{Section}:Staff:{i}";
            if (string.IsNullOrWhiteSpace(staff.UserName))
            {
                yield return new ValidationResult($"{key}:UserName is required");
            }
            else if (staff.UserName.Trim() != staff.UserName || staff.UserName.Length > 64)
            {
                yield return new ValidationResult($"{key}:UserName '{staff.UserName}' must be at most 64 characters without leading or trailing spaces");
            }
            else if (!names.Add(staff.UserName))
            {
                yield return new ValidationResult($"{key}:UserName '{staff.UserName}' is used by another staff user");
            }
            if (!DeviceSecretHasher.IsWellFormed(staff.PasswordHash))
            {
                yield return new ValidationResult($"{key}:PasswordHash is not a pbkdf2-sha256$iterations$salt$hash value; make one with 'LiveCommerce.Provisioning hash-password'");
            }
        }
    }
}

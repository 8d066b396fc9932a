using System.Globalization;

namespace LiveCommerce.Contracts;

/// <summary>Collects <see cref="ValidationError"/>s; allocates only when there is an error.</summary>
internal sealed class ValidationErrorBuilder
{
    private List<ValidationError>? _errors;

    public void Add(string field, string reason, string message) =>
        (_errors ??= []).Add(new ValidationError(field, reason, message));

    public void RequireText(string? value, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, ValidationReasons.Required, $"'{field}' is required and must not be blank.");
        }
    }

    public void CheckSequence(long? sequence)
    {
        if (sequence < 0)
        {
            Add("sequence", ValidationReasons.Negative, "'sequence' must be zero or more when given.");
        }
    }

    public void CheckTime(DateTimeOffset time, DateTimeOffset? now)
    {
        if (time == default)
        {
            Add("time", ValidationReasons.Required, "'time' is required (ISO 8601 with offset, e.g. 2025-01-31T10:15:00Z).");
        }
        else if (now is { } clock && time > clock + EventValidation.MaxClockSkew)
        {
            Add("time", ValidationReasons.InFuture, string.Create(CultureInfo.InvariantCulture,
                $"'time' is more than {EventValidation.MaxClockSkew.TotalMinutes} minutes in the future; check the device clock."));
        }
    }

    public IReadOnlyList<ValidationError> ToList() => _errors is null ? [] : _errors;
}

namespace LiveCommerce.Contracts;

/// <summary>
/// One reason an event was rejected.
/// </summary>
/// <param name="Field">
/// JSON path of the offending value in camelCase, without the leading <c>$.</c>
/// (e.g. <c>lines[1].quantity</c>); empty when the reason is about the payload as a whole.
/// </param>
/// <param name="Reason">A stable machine-readable code, one of <see cref="ValidationReasons"/>.</param>
/// <param name="Message">A human-readable explanation. Never contains a card number.</param>
public sealed record ValidationError(string Field, string Reason, string Message);

namespace LiveCommerce.Testing;

/// <summary>A W3C WebDriver command failed; <see cref="Error"/> is the protocol's error code (e.g. <c>no such element</c>).</summary>
public sealed class WebDriverException : Exception
{
    public WebDriverException(string error, string message) : base($"{error}: {message}") => Error = error;

    public WebDriverException(string message) : base(message) => Error = "";

    public WebDriverException(string message, Exception innerException) : base(message, innerException) => Error = "";

    public WebDriverException() => Error = "";

    public string Error { get; }
}

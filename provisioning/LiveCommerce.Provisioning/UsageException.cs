namespace LiveCommerce.Provisioning;

/// <summary>The command line is wrong; the message says how.</summary>
public sealed class UsageException : Exception
{
    public UsageException(string message) : base(message)
    {
    }

    public UsageException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public UsageException()
    {
    }
}

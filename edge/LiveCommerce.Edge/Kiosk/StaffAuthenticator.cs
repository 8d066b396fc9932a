using LiveCommerce.Edge.Devices;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LiveCommerce.Edge.Kiosk;

/// <summary>
/// Checks staff credentials against <c>Kiosk:Staff</c>. After <see cref="MaxFailures"/> failed sign-ins of a user name
/// within <see cref="FailureWindow"/>, that name is refused, whatever the password, until its oldest failure leaves the window.
/// </summary>
public sealed partial class StaffAuthenticator
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan FailureWindow = TimeSpan.FromMinutes(5);
    private const int TrackedNamesLimit = 10_000;
    private const int LoggedNameLength = 64;

    private readonly Dictionary<string, StaffUserOptions> _staff;
    private readonly Dictionary<string, List<DateTimeOffset>> _failures = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _lock = new();
    private readonly string _unknownUserHash = DeviceSecretHasher.Hash(Guid.NewGuid().ToString("N"));
    private readonly TimeProvider _time;
    private readonly ILogger<StaffAuthenticator> _logger;
    private long _failureCount;

    public StaffAuthenticator(IOptions<KioskOptions> options, TimeProvider time, ILogger<StaffAuthenticator> logger)
    {
        _staff = options.Value.Staff.ToDictionary(s => s.UserName, StringComparer.OrdinalIgnoreCase);
        _time = time;
        _logger = logger;
    }

    /// <summary>Failed sign-ins (wrong credentials or locked out) since start.</summary>
    public long Failures => Interlocked.Read(ref _failureCount);

    /// <summary>Whether <paramref name="userName"/> is a configured staff user (a session of a removed user ends).</summary>
    public bool IsStaff(string userName) => _staff.ContainsKey(userName);

    /// <summary>Checks a sign-in; <paramref name="staffUserName"/> is the configured spelling of the name when it succeeds.</summary>
    public StaffSignInResult SignIn(string userName, string password, out string staffUserName)
    {
        staffUserName = "";
        var now = _time.GetUtcNow();
        var logged = Loggable(userName);
        if (RecentFailures(userName, now) >= MaxFailures)
        {
            Interlocked.Increment(ref _failureCount);
            LogLockedOut(_logger, logged, MaxFailures, FailureWindow);
            return StaffSignInResult.LockedOut;
        }
        // An unknown name costs the same hashing as a known one, so response times do not tell which names exist.
        var known = _staff.TryGetValue(userName, out var staff);
        var verified = DeviceSecretHasher.Verify(password, known ? staff!.PasswordHash : _unknownUserHash);
        if (known && verified)
        {
            lock (_lock)
            {
                _failures.Remove(userName);
            }
            staffUserName = staff!.UserName;
            LogSignedIn(_logger, staffUserName);
            return StaffSignInResult.SignedIn;
        }
        Interlocked.Increment(ref _failureCount);
        LogWrongCredentials(_logger, logged, AddFailure(userName, now), FailureWindow);
        return StaffSignInResult.WrongCredentials;
    }

    /// <summary>Records a staff user signing out.</summary>
    public void SignedOut(string userName) => LogSignedOut(_logger, userName);

    /// <summary>A typed user name as it may go into the log: shortened, control characters (line breaks) replaced.</summary>
    private static string Loggable(string userName) =>
        new([.. userName.Take(LoggedNameLength).Select(c => char.IsControl(c) ? '?' : c)]);

    private int RecentFailures(string userName, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (!_failures.TryGetValue(userName, out var times))
            {
                return 0;
            }
            times.RemoveAll(t => now - t >= FailureWindow);
            return times.Count;
        }
    }

    private int AddFailure(string userName, DateTimeOffset now)
    {
        lock (_lock)
        {
            if (_failures.Count >= TrackedNamesLimit)
            {
                foreach (var (name, times) in _failures.ToList())
                {
                    times.RemoveAll(t => now - t >= FailureWindow);
                    if (times.Count == 0)
                    {
                        _failures.Remove(name);
                    }
                }
            }
            if (!_failures.TryGetValue(userName, out var recent))
            {
                recent = [];
                _failures[userName] = recent;
            }
            recent.Add(now);
            return recent.Count;
        }
    }

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Staff user {UserName} signed in to the kiosk")]
    private static partial void LogSignedIn(ILogger logger, string userName);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Warning, Message = "Kiosk sign-in as {UserName} failed: wrong user name or password ({Failures} failures within {Window})")]
    private static partial void LogWrongCredentials(ILogger logger, string userName, int failures, TimeSpan window);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Warning, Message = "Kiosk sign-in as {UserName} refused: {Failures} failures within {Window}")]
    private static partial void LogLockedOut(ILogger logger, string userName, int failures, TimeSpan window);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Information, Message = "Staff user {UserName} signed out of the kiosk")]
    private static partial void LogSignedOut(ILogger logger, string userName);
}

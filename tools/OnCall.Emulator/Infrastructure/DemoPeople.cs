using System;
using System.Security.Cryptography;
using System.Text;

namespace OnCall.Emulator;

/// <summary>The people of the demo organisation, the same in all three vendors.</summary>
public static class DemoPeople
{
    /// <summary>VictorOps usernames may be e-mail addresses; this one makes clients send a literal '@' in paths.</summary>
    public const string Jane = "jane.doe@example.com";
    public const string John = "john.smith";
    public const string Alice = "alice.nguyen";
    public const string Bob = "bob.martin";
    public const string Carol = "carol.white";
    public const string Dave = "dave.kim";

    public static readonly (string Username, string FirstName, string LastName)[] All =
    [
        (Jane, "Jane", "Doe"),
        (John, "John", "Smith"),
        (Alice, "Alice", "Nguyen"),
        (Bob, "Bob", "Martin"),
        (Carol, "Carol", "White"),
        (Dave, "Dave", "Kim"),
    ];

    public static string Email(string username) => username.Contains('@', StringComparison.Ordinal) ? username : username + "@example.com";
}

/// <summary>Deterministic ids, so a demo organisation looks the same on every start.</summary>
internal static class DemoIds
{
    public static string Guid(string kind, int n) => Guid(kind + ":" + n.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static string DatadogUser(string username) => Guid("dd-user:" + username);

    public static string Guid(string seed)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(seed));
        var bytes = hash.AsSpan(0, 16).ToArray();
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new System.Guid(bytes).ToString();
    }
}


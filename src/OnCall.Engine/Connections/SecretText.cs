using System;
using System.Runtime.InteropServices;
using System.Security;

namespace OnCall.Engine.Connections;

/// <summary>
/// The one way a secret becomes a SecureString (a key typed as text, read from the environment or from
/// a credential's user name), and the one way it is revealed: for the moment a header is built.
/// </summary>
public static class SecretText
{
    internal static string Reveal(SecureString secret)
    {
        var pointer = IntPtr.Zero;
        try
        {
            pointer = Marshal.SecureStringToGlobalAllocUnicode(secret);
            return Marshal.PtrToStringUni(pointer) ?? string.Empty;
        }
        finally
        {
            if (pointer != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }

    /// <summary>A read-only SecureString holding the text.</summary>
    public static SecureString FromString(string value)
    {
        var secure = new SecureString();
        foreach (var c in value)
        {
            secure.AppendChar(c);
        }

        secure.MakeReadOnly();
        return secure;
    }
}

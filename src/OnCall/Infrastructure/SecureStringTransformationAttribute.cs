using System.Management.Automation;
using System.Security;
using OnCall.Engine.Connections;

namespace OnCall.Infrastructure;

/// <summary>
/// Lets a key parameter take a SecureString or, at a prompt, a plain string (turned into a
/// SecureString at once), so nobody has to type ConvertTo-SecureString at 3 a.m.
/// </summary>
public sealed class SecureStringTransformationAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        switch (value)
        {
            case SecureString secure:
                return secure;
            case string text:
                return SecretText.FromString(text);
            default:
                throw new ArgumentTransformationMetadataException("A key must be a SecureString or a string.");
        }
    }
}

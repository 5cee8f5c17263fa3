using System;
using System.Linq;
using System.Reflection;

namespace OnCall.Engine.Json;

/// <summary>
/// A constructor a newer host has and an older one lacks (PowerShell 7's <c>PSObject(int)</c>, which Windows
/// PowerShell 5.1 does not have), looked up once by reflection because the module compiles against the older.
/// </summary>
public static class HostConstructor
{
    /// <summary>
    /// The public constructor of <paramref name="type"/> that takes exactly one <paramref name="parameter"/>;
    /// null when there is none. Not <see cref="Type.GetConstructor(Type[])"/>: its binder settles for a
    /// constructor taking a wider type, and <c>PSObject(object)</c> given 4 wraps the number.
    /// </summary>
    public static ConstructorInfo? Taking(Type type, Type parameter) =>
        type.GetConstructors().FirstOrDefault(c => c.GetParameters() is { Length: 1 } parameters && parameters[0].ParameterType == parameter);
}

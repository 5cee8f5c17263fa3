namespace OnCall.Module.Tests.Infrastructure;

/// <summary>Where the build laid the module out; stamped in at compile time.</summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class ModulePathAttribute(string path) : Attribute
{
    public string Path { get; } = path;

    public static string Manifest =>
        typeof(ModulePathAttribute).Assembly.GetCustomAttributes(typeof(ModulePathAttribute), false).Cast<ModulePathAttribute>().Single().Path;
}

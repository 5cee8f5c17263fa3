using System.Reflection;

namespace OnCall.Module.Tests.Infrastructure;

/// <summary>Folders of the repository these tests were built from; its root is stamped in at compile time.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "OnCall.RepositoryRoot").Value!;

    public static string PesterSuite => Path.Combine(Root, "tests", "Pester");
}

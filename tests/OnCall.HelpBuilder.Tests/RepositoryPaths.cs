using System;
using System.IO;

namespace OnCall.HelpBuilder.Tests;

/// <summary>Folders of the repository these tests were built from.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string HelpSource => Path.Combine(Root, "help", "en-US");

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Directory.Packages.props")) && Directory.Exists(Path.Combine(directory.FullName, "help")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("The repository root (Directory.Packages.props and help/) is not above " + AppContext.BaseDirectory);
    }
}

using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Runtime.Loader;

namespace OnCall.Loader;

/// <summary>
/// The module-private load context (PowerShell 7). It loads the engine and every third-party
/// assembly from dependencies/ itself, instead of asking the default context first: a plain context
/// that defers would quietly run on whatever Polly or System.Text.Json the session loaded before us.
/// </summary>
public sealed class ModuleLoadContext : AssemblyLoadContext
{
    // Assemblies both sides must share, so the engine's Shift is the cmdlets' Shift.
    private static readonly HashSet<string> SharedNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "OnCall.Models",
        "OnCall",
        "System.Management.Automation",
        "netstandard",
        "mscorlib",
    };

    private const string EngineName = "OnCall.Engine";

    private static readonly object Gate = new();
    private static ModuleLoadContext? s_instance;

    private readonly string _dependencyDirectory;

    // The runtime directory (Microsoft.NETCore.App), not the whole TPA list: a host application's
    // own Polly in the TPA must not count as "framework".
    private readonly string? _runtimeDirectory = Path.GetDirectoryName(typeof(object).Assembly.Location);

    private ModuleLoadContext(string dependencyDirectory)
        : base("OnCall", isCollectible: false)
    {
        _dependencyDirectory = dependencyDirectory;
    }

    /// <summary>The module's context, once registered.</summary>
    public static ModuleLoadContext? Instance => s_instance;

    /// <summary>
    /// Hooks the default context so that a request for the engine is served by this context.
    /// Idempotent: PowerShell runs the module initializer once per runspace import.
    /// </summary>
    public static void Register(string dependencyDirectory)
    {
        lock (Gate)
        {
            if (s_instance is not null)
            {
                return;
            }

            s_instance = new ModuleLoadContext(dependencyDirectory);
            Default.Resolving += ResolveEngine;
        }
    }

    // Only the engine is answered for: everything else the cmdlets need is in the module root or the framework.
    private static Assembly? ResolveEngine(AssemblyLoadContext context, AssemblyName name)
    {
        if (s_instance is null || !string.Equals(name.Name, EngineName, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return s_instance.LoadFromAssemblyName(name);
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        var simpleName = assemblyName.Name;
        if (simpleName is null || SharedNames.Contains(simpleName))
        {
            return null;
        }

        var path = Path.Combine(_dependencyDirectory, simpleName + ".dll");
        if (string.Equals(simpleName, EngineName, StringComparison.OrdinalIgnoreCase))
        {
            // The engine is ours alone (no framework copy to weigh): its ReadyToRun image when one was built for
            // this platform and runtime, else the IL file.
            return LoadFromAssemblyPath(EnginePath(_dependencyDirectory, Environment.Version, RuntimeInformation.OSArchitecture, CurrentOperatingSystem(), File.Exists));
        }

        if (!File.Exists(path))
        {
            // Not ours: the framework (or PowerShell) has it. Returning null defers to the default context.
            return null;
        }

        // The framework's own assembly wins unless we carry a strictly newer one we need
        // (System.Text.Json 10 on PowerShell 7.4's .NET 8); our netstandard2.0 System.Memory and
        // friends are older than the runtime's and must not shadow them. Only the one framework file of
        // the same name is read, and only when it is asked for: nothing is scanned at import.
        var frameworkVersion = FrameworkVersion(simpleName);
        if (frameworkVersion is not null)
        {
            var ours = AssemblyName.GetAssemblyName(path).Version;
            if (ours is not null && ours <= frameworkVersion)
            {
                return null;
            }
        }

        return LoadFromAssemblyPath(path);
    }

    /// <summary>
    /// The engine file to load: dependencies/net{major}.0-{os}-{arch}/OnCall.Engine.dll, a ReadyToRun image whose
    /// native code is for exactly that runtime and platform, when the build made one for the running ones; the
    /// IL file in dependencies/ otherwise (any other platform, PowerShell 7.4's .NET 8, a layout without images).
    /// </summary>
    public static string EnginePath(string dependencyDirectory, Version runtimeVersion, Architecture architecture, string? operatingSystem, Func<string, bool> fileExists)
    {
        var il = Path.Combine(dependencyDirectory, EngineName + ".dll");
        if (operatingSystem is null)
        {
            return il;
        }

        var folder = string.Format(CultureInfo.InvariantCulture, "net{0}.0-{1}-{2}", runtimeVersion.Major, operatingSystem, architecture.ToString().ToLowerInvariant());
        var image = Path.Combine(dependencyDirectory, folder, EngineName + ".dll");
        return fileExists(image) ? image : il;
    }

    // The runtime identifier's OS part; null (IL only) on any other.
    private static string? CurrentOperatingSystem() =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "linux"
        : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "osx"
        : RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "win"
        : null;

    private Version? FrameworkVersion(string simpleName)
    {
        if (string.IsNullOrEmpty(_runtimeDirectory))
        {
            return null;
        }

        var file = Path.Combine(_runtimeDirectory, simpleName + ".dll");
        if (!File.Exists(file))
        {
            return null;
        }

        try
        {
            return AssemblyName.GetAssemblyName(file).Version;
        }
        catch (BadImageFormatException)
        {
            // A native file of that name is no managed framework assembly.
            return null;
        }
    }

    /// <summary>For diagnostics and tests: what this context loaded, with file versions.</summary>
    public IEnumerable<string> Describe() =>
        Assemblies.Select(a => $"{a.GetName().Name} {a.GetName().Version} {System.Diagnostics.FileVersionInfo.GetVersionInfo(a.Location).FileVersion}");
}

using System;
using System.IO;
using System.Management.Automation;
using System.Net;
using System.Reflection;

namespace OnCall.Infrastructure;

/// <summary>
/// Runs at Import-Module, before any cmdlet touches the engine: points the engine and its
/// third-party assemblies at dependencies/, behind the module's private load context on
/// PowerShell 7 and an AssemblyResolve handler on Windows PowerShell 5.1.
/// </summary>
public sealed class ModuleInitializer : IModuleAssemblyInitializer, IModuleAssemblyCleanup
{
    private static readonly object Gate = new();
    private static bool s_registered;

    private static string ModuleDirectory => Path.GetDirectoryName(typeof(ModuleInitializer).Assembly.Location)!;

    private static string DependencyDirectory => Path.Combine(ModuleDirectory, "dependencies");

    public void OnImport()
    {
        lock (Gate)
        {
            // PowerShell calls this once per runspace import; the hooks are process-wide.
            if (s_registered)
            {
                return;
            }

            if (IsCoreClr())
            {
                RegisterLoadContext();
            }
            else
            {
                // Windows PowerShell 5.1 may still default to TLS 1.0; every vendor here wants 1.2.
                ServicePointManager.SecurityProtocol |= SecurityProtocolType.Tls12;
                AppDomain.CurrentDomain.AssemblyResolve += ResolveFromDependencies;
            }

            s_registered = true;
        }
    }

    public void OnRemove(PSModuleInfo psModuleInfo)
    {
        // The hooks stay: a binary module's assemblies cannot be unloaded, and a re-import reuses them.
        // The session's connections go, so their HTTP clients are released.
        SessionConnections.ForgetCurrentSession();
    }

    private static bool IsCoreClr() => Type.GetType("System.Runtime.Loader.AssemblyLoadContext", throwOnError: false) is not null;

    // OnCall.Loader targets net8.0 and cannot be referenced from netstandard2.0; it is loaded by path
    // into the default context (it holds no dependency) and asked to register the private context.
    private static void RegisterLoadContext()
    {
        var loaderPath = Path.Combine(ModuleDirectory, "OnCall.Loader.dll");
        var loader = Assembly.LoadFrom(loaderPath);
        var contextType = loader.GetType("OnCall.Loader.ModuleLoadContext", throwOnError: true)!;
        var register = contextType.GetMethod("Register", BindingFlags.Public | BindingFlags.Static)!;
        register.Invoke(null, new object[] { DependencyDirectory });
    }

    // Windows PowerShell has no binding redirects for a module: serve any version of a file we carry.
    private static Assembly? ResolveFromDependencies(object? sender, ResolveEventArgs args)
    {
        var name = new AssemblyName(args.Name).Name;
        if (name is null)
        {
            return null;
        }

        var path = Path.Combine(DependencyDirectory, name + ".dll");
        return File.Exists(path) ? Assembly.LoadFrom(path) : null;
    }
}

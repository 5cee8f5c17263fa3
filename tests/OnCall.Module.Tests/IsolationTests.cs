using System.Diagnostics;
using System.Reflection;
using System.Reflection.PortableExecutable;
using System.Runtime.InteropServices;
using System.Runtime.Loader;
using OnCall.Module.Tests.Infrastructure;

namespace OnCall.Module.Tests;

/// <summary>
/// The engine and its third-party assemblies run in the module's private load context, whatever the
/// host loaded first. Checked by load context and file version, never by AssemblyVersion (Polly keeps
/// 8.0.0.0 across all of 8.x).
/// </summary>
[Collection(IsolationCollection.Name)]
public sealed class IsolationTests
{
    private const string ConnectWithoutServer =
        "Connect-OnCall -Provider VictorOps -Name iso -ApiId id -ApiKey key -BaseUri http://127.0.0.1:9/ -SkipValidation | Out-Null";

    [Fact]
    public void An_older_Polly_in_the_host_does_not_leak_into_the_module()
    {
        // The host's adversary: Polly.Core 8.5.2, loaded into the default context before the import.
        var hostPolly = typeof(Polly.ResiliencePipeline).Assembly;
        Assert.StartsWith("8.5.2", FileVersionInfo.GetVersionInfo(hostPolly.Location).FileVersion);

        using var session = new PowerShellSession();
        session.RunOk(ConnectWithoutServer);

        var context = AssemblyLoadContext.All.Single(c => c.Name == "OnCall");
        var engine = context.Assemblies.Single(a => a.GetName().Name == "OnCall.Engine");
        var modulePolly = context.Assemblies.Single(a => a.GetName().Name == "Polly.Core");
        Assert.StartsWith("8.9.1", FileVersionInfo.GetVersionInfo(modulePolly.Location).FileVersion);
        Assert.Contains(Path.Combine("OnCall", "dependencies"), modulePolly.Location);
        Assert.Same(context, AssemblyLoadContext.GetLoadContext(engine));
        Assert.NotSame(hostPolly, modulePolly);

        // The object model is shared, so the cmdlets and the engine agree on what a Shift is.
        var models = AppDomain.CurrentDomain.GetAssemblies().Where(a => a.GetName().Name == "OnCall.Models").ToList();
        Assert.Single(models);
        Assert.Same(AssemblyLoadContext.Default, AssemblyLoadContext.GetLoadContext(models[0]));
    }

    [Fact]
    public void The_engine_loads_as_its_ReadyToRun_image_on_the_platform_and_runtime_the_build_made_one_for()
    {
        using var session = new PowerShellSession();
        session.RunOk(ConnectWithoutServer);

        var engine = AssemblyLoadContext.All.Single(c => c.Name == "OnCall").Assemblies.Single(a => a.GetName().Name == "OnCall.Engine");
        var image = Path.Combine(DependencyDirectory, "net10.0-linux-x64", "OnCall.Engine.dll");
        Assert.True(IsReadyToRun(image), "the layout's engine image has no ReadyToRun code");
        Assert.False(IsReadyToRun(Path.Combine(DependencyDirectory, "OnCall.Engine.dll")), "the fallback engine must be plain IL");
        if (OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64 && Environment.Version.Major == 10)
        {
            Assert.Equal(image, engine.Location);
        }
        else
        {
            Assert.Equal(Path.Combine(DependencyDirectory, "OnCall.Engine.dll"), engine.Location);
        }
    }

    [Theory]
    [InlineData(10, "linux", Architecture.X64, true)]
    [InlineData(10, "linux", Architecture.X64, false)] // a layout without the image
    [InlineData(8, "linux", Architecture.X64, true)] // PowerShell 7.4 on .NET 8
    [InlineData(11, "linux", Architecture.X64, true)]
    [InlineData(10, "linux", Architecture.Arm64, true)]
    [InlineData(10, "win", Architecture.X64, true)]
    [InlineData(10, "osx", Architecture.Arm64, true)]
    [InlineData(10, null, Architecture.X64, true)] // an OS without a runtime identifier here
    public void The_loader_takes_the_image_only_for_its_runtime_and_platform_and_the_IL_engine_otherwise(int major, string? os, Architecture architecture, bool imageLaidOut)
    {
        using var session = new PowerShellSession();
        var loader = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == "OnCall.Loader").GetType("OnCall.Loader.ModuleLoadContext", throwOnError: true)!;
        Func<string, bool> exists = path => (imageLaidOut || !path.Contains("net10.0-linux-x64", StringComparison.Ordinal)) && File.Exists(path);

        var chosen = (string)loader.GetMethod("EnginePath")!.Invoke(null, [DependencyDirectory, new Version(major, 0, 1), architecture, os, exists])!;

        var takesImage = imageLaidOut && major == 10 && os == "linux" && architecture == Architecture.X64;
        Assert.Equal(takesImage ? Path.Combine(DependencyDirectory, "net10.0-linux-x64", "OnCall.Engine.dll") : Path.Combine(DependencyDirectory, "OnCall.Engine.dll"), chosen);
    }

    [Fact]
    public void Importing_in_two_runspaces_of_one_process_works_and_keeps_connections_apart()
    {
        using var first = new PowerShellSession();
        using var second = new PowerShellSession();
        first.RunOk(ConnectWithoutServer);
        second.RunOk("Connect-OnCall -Provider ZStack -Name other -Token t -BaseUri http://127.0.0.1:9/ -SkipValidation | Out-Null");

        Assert.Equal(new[] { "iso" }, first.RunOk("Get-OnCallConnection | ForEach-Object Name").Select(o => o.ToString()));
        Assert.Equal(new[] { "other" }, second.RunOk("Get-OnCallConnection | ForEach-Object Name").Select(o => o.ToString()));
        Assert.Single(AssemblyLoadContext.All, c => c.Name == "OnCall");
    }

    [Fact]
    public void No_public_type_of_the_cmdlet_assembly_exposes_or_derives_from_a_dependency()
    {
        using var session = new PowerShellSession();
        var cmdlets = AppDomain.CurrentDomain.GetAssemblies().Single(a => a.GetName().Name == "OnCall");

        var forbidden = new[] { "RestSharp", "Polly", "NodaTime", "System.Text.Json", "Microsoft.Bcl", "OnCall.Engine" };
        var referenced = cmdlets.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(referenced, name => forbidden.Where(f => f != "OnCall.Engine").Any(f => name.StartsWith(f, StringComparison.Ordinal)));

        var offences = new List<string>();
        foreach (var type in cmdlets.GetExportedTypes())
        {
            for (var baseType = type.BaseType; baseType is not null; baseType = baseType.BaseType)
            {
                Check(type.FullName + " base", baseType);
            }

            foreach (var iface in type.GetInterfaces())
            {
                Check(type.FullName + " interface", iface);
            }

            const BindingFlags visible = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            foreach (var member in type.GetMembers(visible))
            {
                switch (member)
                {
                    // Every property, whatever its visibility: tools that read metadata (the help builder,
                    // PowerShell's parameter binder) resolve property types, and an engine type there
                    // needs the engine before the module initializer has run.
                    case PropertyInfo p:
                        Check($"{type.Name}.{p.Name}", p.PropertyType);
                        break;
                    case FieldInfo f when f.IsPublic || f.IsFamily || f.IsFamilyOrAssembly:
                        Check($"{type.Name}.{f.Name}", f.FieldType);
                        break;
                    case MethodInfo m when IsVisible(m):
                        Check($"{type.Name}.{m.Name}()", m.ReturnType);
                        foreach (var parameter in m.GetParameters())
                        {
                            Check($"{type.Name}.{m.Name}({parameter.Name})", parameter.ParameterType);
                        }

                        break;
                }
            }
        }

        Assert.True(offences.Count == 0, string.Join("\n", offences));

        void Check(string where, Type type)
        {
            var assembly = type.Assembly.GetName().Name ?? string.Empty;
            if (forbidden.Any(f => assembly.StartsWith(f, StringComparison.Ordinal)))
            {
                offences.Add($"{where}: {type.FullName} from {assembly}");
            }

            if (type.IsGenericType)
            {
                foreach (var argument in type.GetGenericArguments())
                {
                    Check(where, argument);
                }
            }
        }

        static bool IsVisible(MethodBase? method) => method is not null && (method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly);
    }

    private static string DependencyDirectory => Path.Combine(Path.GetDirectoryName(ModulePathAttribute.Manifest)!, "dependencies");

    private static bool IsReadyToRun(string path)
    {
        using var reader = new PEReader(File.OpenRead(path));
        return reader.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size > 0;
    }
}


[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class IsolationCollection
{
    public const string Name = "Isolation";
}

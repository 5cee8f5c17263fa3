using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Runtime.InteropServices;

namespace OnCall.HelpBuilder.Reflection;

/// <summary>
/// Reads the cmdlets of an assembly through a <see cref="MetadataLoadContext"/>: the assembly is parsed,
/// never loaded for execution, so no module initializer, static constructor or attribute constructor
/// runs, and an assembly that nothing inspected (OnCall.Engine and its dependencies) is never opened.
/// </summary>
internal sealed class CmdletAssemblyReader
{
    private const BindingFlags PublicInstance = BindingFlags.Public | BindingFlags.Instance;

    private static readonly string CmdletAttributeName = typeof(CmdletAttribute).FullName!;
    private static readonly string ParameterAttributeName = typeof(ParameterAttribute).FullName!;
    private static readonly string AliasAttributeName = typeof(AliasAttribute).FullName!;
    private static readonly string ValidateSetAttributeName = typeof(ValidateSetAttribute).FullName!;
    private static readonly string SupportsWildcardsAttributeName = typeof(SupportsWildcardsAttribute).FullName!;
    private static readonly string OutputTypeAttributeName = typeof(OutputTypeAttribute).FullName!;
    private static readonly string SwitchParameterName = typeof(SwitchParameter).FullName!;

    private readonly IReadOnlyList<string> _probeDirectories;

    /// <param name="probeDirectories">More folders to find the assembly's references in (its own folder is always searched).</param>
    public CmdletAssemblyReader(IReadOnlyList<string> probeDirectories) => _probeDirectories = probeDirectories;

    /// <exception cref="CmdletAssemblyException">The assembly or a type its cmdlets need cannot be read.</exception>
    public IReadOnlyList<CmdletMetadata> Read(string assemblyPath)
    {
        var fullPath = Path.GetFullPath(assemblyPath);
        if (!File.Exists(fullPath))
        {
            throw new CmdletAssemblyException($"{assemblyPath}: no such file.");
        }

        var resolver = new FolderAssemblyResolver(CandidateFiles(fullPath));
        using var context = new MetadataLoadContext(resolver, typeof(object).Assembly.GetName().Name);
        Assembly assembly;
        try
        {
            assembly = context.LoadFromAssemblyPath(fullPath);
        }
        catch (BadImageFormatException error)
        {
            throw new CmdletAssemblyException($"{assemblyPath}: not a .NET assembly ({error.Message}).");
        }

        var cmdlets = new List<CmdletMetadata>();
        foreach (var type in ExportedTypes(assembly).OrderBy(t => t.FullName, StringComparer.Ordinal))
        {
            try
            {
                var cmdlet = ReadCmdlet(type);
                if (cmdlet is not null)
                {
                    cmdlets.Add(cmdlet);
                }
            }
            catch (Exception error) when (error is FileNotFoundException or FileLoadException or TypeLoadException)
            {
                throw new CmdletAssemblyException(
                    $"{assemblyPath}: cannot read {type.FullName}: {error.Message} " +
                    $"Put the assembly beside {Path.GetFileName(fullPath)} or name its folder with --probe.");
            }
        }

        return cmdlets;
    }

    /// <summary>Framework first, then PowerShell, then the assembly's own folder, then the probe folders.</summary>
    private IEnumerable<string> CandidateFiles(string assemblyPath)
    {
        foreach (var file in Directory.EnumerateFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"))
        {
            yield return file;
        }

        yield return typeof(PSCmdlet).Assembly.Location;

        var folders = new List<string> { Path.GetDirectoryName(assemblyPath)! };
        folders.AddRange(_probeDirectories.Select(Path.GetFullPath));
        foreach (var folder in folders.Where(Directory.Exists))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.dll"))
            {
                yield return file;
            }
        }
    }

    private static IEnumerable<Type> ExportedTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetExportedTypes();
        }
        catch (ReflectionTypeLoadException partial)
        {
            // Types that need an absent assembly cannot be cmdlets we document; the rest still are.
            return partial.Types.Where(t => t is not null && t.IsPublic)!;
        }
    }

    private static CmdletMetadata? ReadCmdlet(Type type)
    {
        if (type.IsAbstract || !type.IsClass)
        {
            return null;
        }

        var cmdletAttribute = FindAttribute(type, CmdletAttributeName);
        if (cmdletAttribute is null)
        {
            return null;
        }

        var cmdlet = new CmdletMetadata
        {
            Verb = (string)cmdletAttribute.ConstructorArguments[0].Value!,
            Noun = (string)cmdletAttribute.ConstructorArguments[1].Value!,
            ClassName = type.FullName!,
            DefaultParameterSetName = NamedArgument<string>(cmdletAttribute, nameof(CmdletAttribute.DefaultParameterSetName)),
            SupportsShouldProcess = NamedArgument<bool>(cmdletAttribute, nameof(CmdletAttribute.SupportsShouldProcess)),
        };

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var member in ParameterCandidates(type))
        {
            var parameter = ReadParameter(member);
            if (parameter is not null && seen.Add(parameter.Name))
            {
                cmdlet.Parameters.Add(parameter);
            }
        }

        if (cmdlet.SupportsShouldProcess)
        {
            AddShouldProcessParameter(cmdlet, "WhatIf", "wi");
            AddShouldProcessParameter(cmdlet, "Confirm", "cf");
        }

        foreach (var outputType in type.GetCustomAttributesData().Where(a => a.AttributeType.FullName == OutputTypeAttributeName))
        {
            foreach (var name in OutputTypeNames(outputType))
            {
                if (!cmdlet.OutputTypeNames.Contains(name))
                {
                    cmdlet.OutputTypeNames.Add(name);
                }
            }
        }

        return cmdlet;
    }

    /// <summary>Public properties and fields, the cmdlet's own before its base classes' (PowerShell binds both).</summary>
    private static IEnumerable<MemberInfo> ParameterCandidates(Type type)
    {
        foreach (var property in type.GetProperties(PublicInstance))
        {
            yield return property;
        }

        foreach (var field in type.GetFields(PublicInstance))
        {
            yield return field;
        }
    }

    private static ParameterMetadata? ReadParameter(MemberInfo member)
    {
        var attributes = member.GetCustomAttributesData();
        var parameterAttributes = attributes.Where(a => a.AttributeType.FullName == ParameterAttributeName).ToList();
        if (parameterAttributes.Count == 0)
        {
            return null;
        }

        // DontShow parameters are for scripts and proxies, not for people: help leaves them out.
        if (parameterAttributes.All(a => NamedArgument<bool>(a, nameof(ParameterAttribute.DontShow))))
        {
            return null;
        }

        var declaredType = member is PropertyInfo property ? property.PropertyType : ((FieldInfo)member).FieldType;
        var valueType = UnwrapNullable(declaredType);
        var parameter = new ParameterMetadata
        {
            Name = member.Name,
            TypeFullName = FullName(valueType),
            TypeDisplayName = DisplayName(valueType),
            IsSwitch = valueType.FullName == SwitchParameterName,
            SupportsWildcards = attributes.Any(a => a.AttributeType.FullName == SupportsWildcardsAttributeName),
        };

        foreach (var alias in attributes.Where(a => a.AttributeType.FullName == AliasAttributeName))
        {
            parameter.Aliases.AddRange(StringArguments(alias));
        }

        var validateSet = attributes.FirstOrDefault(a => a.AttributeType.FullName == ValidateSetAttributeName);
        var elementType = valueType.IsArray ? valueType.GetElementType()! : valueType;
        if (validateSet is not null)
        {
            parameter.AcceptedValues.AddRange(StringArguments(validateSet));
        }
        else if (elementType.IsEnum)
        {
            parameter.AcceptedValues.AddRange(elementType.GetFields(BindingFlags.Public | BindingFlags.Static).Where(f => f.IsLiteral).Select(f => f.Name));
        }

        foreach (var attribute in parameterAttributes)
        {
            var position = NamedArgument<int?>(attribute, nameof(ParameterAttribute.Position));
            parameter.Sets.Add(new ParameterSetUsage
            {
                SetName = NamedArgument<string>(attribute, nameof(ParameterAttribute.ParameterSetName)) ?? CmdletMetadata.AllParameterSets,
                Mandatory = NamedArgument<bool>(attribute, nameof(ParameterAttribute.Mandatory)),
                Position = position is null or < 0 ? null : position,
                ValueFromPipeline = NamedArgument<bool>(attribute, nameof(ParameterAttribute.ValueFromPipeline)),
                ValueFromPipelineByPropertyName = NamedArgument<bool>(attribute, nameof(ParameterAttribute.ValueFromPipelineByPropertyName)),
            });
        }

        return parameter;
    }

    private static void AddShouldProcessParameter(CmdletMetadata cmdlet, string name, string alias)
    {
        if (cmdlet.Parameters.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }

        var parameter = new ParameterMetadata
        {
            Name = name,
            TypeFullName = SwitchParameterName,
            TypeDisplayName = nameof(SwitchParameter),
            IsSwitch = true,
            IsShouldProcessParameter = true,
        };
        parameter.Aliases.Add(alias);
        parameter.Sets.Add(new ParameterSetUsage());
        cmdlet.Parameters.Add(parameter);
    }

    private static IEnumerable<string> OutputTypeNames(CustomAttributeData outputType)
    {
        foreach (var argument in outputType.ConstructorArguments)
        {
            var values = argument.Value is ReadOnlyCollection<CustomAttributeTypedArgument> many
                ? many.Select(v => v.Value)
                : new[] { argument.Value };
            foreach (var value in values)
            {
                switch (value)
                {
                    case Type type when type.FullName == "System.Void":
                        break;
                    case Type type:
                        yield return FullName(type);
                        break;
                    case string name when name.Length > 0:
                        yield return name;
                        break;
                }
            }
        }
    }

    private static CustomAttributeData? FindAttribute(MemberInfo member, string attributeName) =>
        member.GetCustomAttributesData().FirstOrDefault(a => a.AttributeType.FullName == attributeName);

    private static T? NamedArgument<T>(CustomAttributeData attribute, string name)
    {
        foreach (var argument in attribute.NamedArguments)
        {
            if (argument.MemberName == name && argument.TypedValue.Value is T value)
            {
                return value;
            }
        }

        return default;
    }

    private static IEnumerable<string> StringArguments(CustomAttributeData attribute)
    {
        foreach (var argument in attribute.ConstructorArguments)
        {
            if (argument.Value is ReadOnlyCollection<CustomAttributeTypedArgument> many)
            {
                foreach (var item in many)
                {
                    if (item.Value is string text)
                    {
                        yield return text;
                    }
                }
            }
            else if (argument.Value is string single)
            {
                yield return single;
            }
        }
    }

    // A metadata type's Nullable<T> is not recognised by Nullable.GetUnderlyingType (a different System.Type world).
    private static Type UnwrapNullable(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition().FullName == "System.Nullable`1" ? type.GetGenericArguments()[0] : type;

    private static string FullName(Type type)
    {
        if (type.IsArray)
        {
            return FullName(type.GetElementType()!) + "[]";
        }

        if (type.IsGenericType)
        {
            var definition = type.GetGenericTypeDefinition().FullName ?? type.Name;
            var tick = definition.IndexOf('`', StringComparison.Ordinal);
            return (tick > 0 ? definition.Substring(0, tick) : definition) + "[" + string.Join(", ", type.GetGenericArguments().Select(FullName)) + "]";
        }

        return type.FullName ?? type.Name;
    }

    private static string DisplayName(Type type)
    {
        if (type.IsArray)
        {
            return DisplayName(type.GetElementType()!) + "[]";
        }

        if (type.IsGenericType)
        {
            var tick = type.Name.IndexOf('`', StringComparison.Ordinal);
            return (tick > 0 ? type.Name.Substring(0, tick) : type.Name) + "[" + string.Join(", ", type.GetGenericArguments().Select(DisplayName)) + "]";
        }

        return type.Name;
    }

    /// <summary>Answers a reference by simple name from a fixed list of files; the first file of a name wins.</summary>
    private sealed class FolderAssemblyResolver : MetadataAssemblyResolver
    {
        private readonly Dictionary<string, string> _pathsBySimpleName = new(StringComparer.OrdinalIgnoreCase);

        public FolderAssemblyResolver(IEnumerable<string> files)
        {
            foreach (var file in files)
            {
                _pathsBySimpleName.TryAdd(Path.GetFileNameWithoutExtension(file), file);
            }
        }

        public override Assembly? Resolve(MetadataLoadContext context, AssemblyName assemblyName)
        {
            // Null, not an exception: the context then reports the missing assembly on the member that needs it.
            return assemblyName.Name is not null && _pathsBySimpleName.TryGetValue(assemblyName.Name, out var path)
                ? context.LoadFromAssemblyPath(path)
                : null;
        }
    }
}

/// <summary>The assembly to document cannot be read: the message says which file and what is missing.</summary>
internal sealed class CmdletAssemblyException : Exception
{
    public CmdletAssemblyException(string message)
        : base(message)
    {
    }
}

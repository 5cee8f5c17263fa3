using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Reflection;
using System.Text;

namespace OnCall.Infrastructure;

/// <summary>
/// The checks every OnCall cmdlet's parameters get before any request, so no input widens into
/// "everything": a value the user typed that is blank, too long, holds control characters or (for a
/// change) a wildcard stops the command; a piped object's blank optional property means "not given",
/// its blank id or required value is an error about that object, and an object that selects nothing
/// is refused instead of listing everything. Times outside what any vendor keeps are refused too.
/// </summary>
internal static class ArgumentChecks
{
    /// <summary>The longest id or name sent: far above any vendor's ids, far below a request that fails.</summary>
    public const int MaxNameLength = 256;

    /// <summary>The longest free text sent (a page's description, a note): more is a mistake, not a note.</summary>
    public const int MaxTextLength = 65536;

    private const string AllSets = "__AllParameterSets";

    // Characters no vendor id holds, and that would change a request path or a match if one did.
    private static readonly char[] NotInIds = { '/', '\\', '?', '#', '%', '*', '[', ']', '"', '<', '>', '|', '{', '}', '^', '`' };

    private static readonly char[] Wildcards = { '*', '?' };

    private static readonly ConcurrentDictionary<Type, IReadOnlyList<CheckedParameter>> Parameters = new();

    // Read per command, so kept per type: reading a custom attribute builds it anew every time.
    private static readonly ConcurrentDictionary<Type, bool> StateChanging = new();

    /// <summary>The first problem among the values the user typed, or null. Runs once, before any input.</summary>
    public static OnCallException? TypedProblem(PSCmdlet cmdlet, ICollection<string> typed)
    {
        var changesState = ChangesState(cmdlet);
        foreach (var parameter in ParametersOf(cmdlet.GetType()).Where(p => typed.Contains(p.Name)))
        {
            var value = parameter.Property.GetValue(cmdlet);
            var problem = parameter.IsTime
                ? TimeProblem(parameter.Name, value)
                : StringProblem(parameter, value, typed: true, changesState, required: parameter.IsMandatoryIn(cmdlet.ParameterSetName));
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    /// <summary>
    /// Checks what the current pipeline object bound (values not typed), turning its blank optional
    /// values into "not given". The problem about this object, or null.
    /// </summary>
    public static OnCallException? PipedProblem(PSCmdlet cmdlet, ICollection<string> typed)
    {
        var parameters = ParametersOf(cmdlet.GetType());
        var set = cmdlet.ParameterSetName;
        var changesState = ChangesState(cmdlet);
        foreach (var parameter in parameters.Where(p => p.FromPipeline && !typed.Contains(p.Name)))
        {
            var value = parameter.Property.GetValue(cmdlet);
            var required = parameter.IsMandatoryIn(set);
            if (parameter.IsTime)
            {
                // A DateTimeOffset the object did not bind holds its default (year 1): check only what was bound.
                var bound = parameter.Property.PropertyType == typeof(DateTimeOffset) ? required : value is not null;
                if (bound && TimeProblem(parameter.Name, value) is { } timeProblem)
                {
                    return timeProblem;
                }

                continue;
            }

            if (IsBlank(value))
            {
                if (value is not null && (required || parameter.Kind == ArgumentKind.Id))
                {
                    return Invalid(parameter.Name, string.Format(CultureInfo.InvariantCulture, "The object piped in has a blank {0}; it was skipped, nothing was sent for it.", parameter.Name), value);
                }

                if (value is null && required)
                {
                    return Invalid(parameter.Name, string.Format(CultureInfo.InvariantCulture, "The object piped in has no {0}; it was skipped, nothing was sent for it.", parameter.Name), null);
                }

                parameter.Property.SetValue(cmdlet, null);
                continue;
            }

            if (value is string[] list && list.Any(IsBlankText))
            {
                // Some values of a list given, some blank: the blank ones are not a name.
                parameter.Property.SetValue(cmdlet, list.Where(v => !IsBlankText(v)).ToArray());
            }

            if (StringProblem(parameter, parameter.Property.GetValue(cmdlet), typed: false, changesState, required) is { } problem)
            {
                return problem;
            }
        }

        var selectors = parameters.Where(p => p.Selects).ToList();
        if (selectors.Any(p => p.FromPipeline) && selectors.All(p => IsBlank(p.Property.GetValue(cmdlet))))
        {
            return Invalid(
                "InputObject",
                string.Format(CultureInfo.InvariantCulture, "The object piped in names no {0}: it was skipped rather than taken to mean all of them.", string.Join(" or ", selectors.Where(p => p.FromPipeline).Select(p => p.Name.ToLowerInvariant()))),
                null);
        }

        return null;
    }

    /// <summary>Why a value cannot be sent as this kind, or null.</summary>
    private static string? ValueProblem(string value, ArgumentKind kind, bool wildcardsAllowed)
    {
        if (IsBlankText(value))
        {
            return "is blank";
        }

        var most = kind == ArgumentKind.Text ? MaxTextLength : MaxNameLength;
        if (value.Length > most)
        {
            return string.Format(CultureInfo.InvariantCulture, "is {0:N0} characters long; OnCall sends at most {1:N0}", value.Length, most);
        }

        foreach (var c in value)
        {
            if (IsControl(c) && !(kind == ArgumentKind.Text && c is '\t' or '\r' or '\n'))
            {
                return string.Format(CultureInfo.InvariantCulture, "holds the control character U+{0:X4}", (int)c);
            }
        }

        var trimmed = value.Trim();
        if (kind == ArgumentKind.Id)
        {
            if (trimmed.Any(char.IsWhiteSpace) || trimmed.IndexOfAny(NotInIds) >= 0)
            {
                return "holds a space, a wildcard or a path character, which no id has";
            }

            if (trimmed.Trim('.').Length == 0)
            {
                return "is only dots";
            }
        }

        if (kind == ArgumentKind.Name && !wildcardsAllowed && trimmed.IndexOfAny(Wildcards) >= 0)
        {
            return "holds a wildcard ('*' or '?'); a change names exactly one";
        }

        return null;
    }

    /// <summary>A value as an error message may show it: short, and with control characters visible.</summary>
    public static string Shown(string? value)
    {
        if (value is null)
        {
            return "$null";
        }

        var builder = new StringBuilder();
        foreach (var c in value.Length > 60 ? value.Substring(0, 40) : value)
        {
            builder.Append(IsControl(c) ? string.Format(CultureInfo.InvariantCulture, "\\u{0:X4}", (int)c) : c.ToString());
        }

        return "'" + builder + (value.Length > 60 ? string.Format(CultureInfo.InvariantCulture, "...' ({0:N0} characters)", value.Length) : "'");
    }

    private static OnCallException? StringProblem(CheckedParameter parameter, object? value, bool typed, bool changesState, bool required)
    {
        if (parameter.Kind is not { } kind)
        {
            return null;
        }

        // Blank optional text (a message, a description) is no text, not a mistake.
        if (kind == ArgumentKind.Text && !required && IsBlank(value))
        {
            return null;
        }

        if (value is null || (value is string[] { Length: 0 }))
        {
            return typed ? Invalid(parameter.Name, string.Format(CultureInfo.InvariantCulture, "-{0} was given without a value; give a value or leave the parameter out.", parameter.Name), value) : null;
        }

        var values = value as string[] ?? new[] { value as string };
        foreach (var item in values)
        {
            if (item is null)
            {
                return Invalid(parameter.Name, string.Format(CultureInfo.InvariantCulture, "-{0} holds $null; give a value or leave the parameter out.", parameter.Name), value);
            }

            var wildcards = kind == ArgumentKind.Name && (parameter.SupportsWildcards || !changesState);
            if (ValueProblem(item, kind, wildcards) is { } problem)
            {
                var source = typed ? string.Empty : "The object piped in was skipped: its ";
                return Invalid(parameter.Name, string.Format(CultureInfo.InvariantCulture, "{0}-{1} {2} {3}; nothing was sent.", source, parameter.Name, Shown(item), problem), item);
            }
        }

        return null;
    }

    private static OnCallException? TimeProblem(string name, object? value) =>
        value is DateTimeOffset time ? TimeWindow.OutOfRange(name, time) : null;

    private static OnCallException Invalid(string parameter, string message, object? target) =>
        new(OnCallErrorKind.InvalidArgument, "InvalidArgument", message, null, target ?? parameter);

    private static bool ChangesState(PSCmdlet cmdlet) =>
        StateChanging.GetOrAdd(cmdlet.GetType(), type => type.GetCustomAttribute<CmdletAttribute>()?.SupportsShouldProcess == true);

    private static bool IsBlank(object? value) => value switch
    {
        null => true,
        string text => IsBlankText(text),
        string[] list => list.All(IsBlankText),
        _ => false,
    };

    private static bool IsBlankText(string? text) => string.IsNullOrWhiteSpace(text);

    private static bool IsControl(char c) => char.IsControl(c) || c is '\u2028' or '\u2029';

    private static IReadOnlyList<CheckedParameter> ParametersOf(Type type) => Parameters.GetOrAdd(type, t =>
        t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Select(p => new CheckedParameter(p))
            .Where(p => p.IsParameter && (p.Kind is not null || p.IsTime))
            .ToList());

    private sealed class CheckedParameter
    {
        private readonly ParameterAttribute[] _sets;

        public CheckedParameter(PropertyInfo property)
        {
            Property = property;
            _sets = property.GetCustomAttributes<ParameterAttribute>().ToArray();
            Kind = property.GetCustomAttribute<OnCallArgumentAttribute>()?.Kind;
            SupportsWildcards = property.GetCustomAttribute<SupportsWildcardsAttribute>() is not null;
            FromPipeline = _sets.Any(s => s.ValueFromPipeline || s.ValueFromPipelineByPropertyName);
            IsTime = property.PropertyType == typeof(DateTimeOffset) || property.PropertyType == typeof(DateTimeOffset?);
        }

        public PropertyInfo Property { get; }

        public string Name => Property.Name;

        public ArgumentKind? Kind { get; }

        public bool SupportsWildcards { get; }

        public bool FromPipeline { get; }

        public bool IsTime { get; }

        public bool IsParameter => _sets.Length > 0;

        /// <summary>Whether it picks what a read or a change is about (an id or a name), not who acts or how.</summary>
        public bool Selects => Kind is ArgumentKind.Id or ArgumentKind.Name;

        public bool IsMandatoryIn(string set) => _sets.Any(s => s.Mandatory && (s.ParameterSetName == set || s.ParameterSetName == AllSets));
    }
}

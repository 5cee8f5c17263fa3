using System;
using System.Collections;
using System.Collections.Generic;
using System.Management.Automation;

namespace OnCall.Infrastructure;

/// <summary>
/// For an id parameter that takes pipeline input by value: strings and numbers are ids; an OnCall
/// object or a record ([pscustomobject], Import-Csv, ConvertFrom-Json) is passed on, so PowerShell
/// binds its Id property by name. Any other object (a process, a hashtable) is a binding error:
/// otherwise it would become its type name, or its own Id (a process id), and that "id" would be sent.
/// </summary>
internal sealed class PlainValueAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject wrapped ? wrapped.BaseObject : inputData;
        if (value is null || IsPlain(value) || value is OnCallObject or PSCustomObject)
        {
            return inputData;
        }

        if (value is IEnumerable items and not IDictionary)
        {
            var list = new List<object?>();
            foreach (var item in items)
            {
                var plain = item is PSObject inner ? inner.BaseObject : item;
                if (plain is not null && !IsPlain(plain))
                {
                    throw Refused(plain);
                }

                list.Add(item);
            }

            return list.ToArray();
        }

        throw Refused(value);
    }

    private static bool IsPlain(object value) =>
        value is string or char or int or long or short or byte or sbyte or uint or ulong or ushort or decimal or Guid;

    private static ArgumentTransformationMetadataException Refused(object value) =>
        new($"A {value.GetType().FullName} is not an id: give the id as a string or a number, or pipe an OnCall object or a record with an Id.");
}

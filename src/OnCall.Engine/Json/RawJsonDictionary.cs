using System;
using System.Collections;
using System.Collections.Generic;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace OnCall.Engine.Json;

/// <summary>
/// The Raw property of an output object: the vendor's JSON for it, kept as the UTF-8 bytes it came in
/// (an object costs about its JSON) and turned into plain case-insensitive dictionaries and arrays the
/// first time someone looks. PowerShell dots into it as into a hashtable ($x.Raw.someField), and what it
/// hands out are plain .NET values: no System.Text.Json type crosses into what PowerShell sees.
/// </summary>
internal sealed class RawJsonDictionary : IDictionary<string, object?>, IDictionary
{
    private readonly object _gate = new();
    private byte[]? _json;
    private Dictionary<string, object?>? _added;
    private volatile Dictionary<string, object?>? _map;

    public RawJsonDictionary(JsonElement element)
    {
        _json = JsonMarshal.GetRawUtf8Value(element).ToArray();
    }

    public int Count => Map.Count;

    public bool IsReadOnly => false;

    public ICollection<string> Keys => Map.Keys;

    public ICollection<object?> Values => Map.Values;

    bool IDictionary.IsFixedSize => false;

    ICollection IDictionary.Keys => Map.Keys;

    ICollection IDictionary.Values => Map.Values;

    bool ICollection.IsSynchronized => false;

    object ICollection.SyncRoot => _gate;

    /// <summary>The answer as plain dictionaries, built on first use and kept.</summary>
    private Dictionary<string, object?> Map => _map ?? Materialize();

    public object? this[string key]
    {
        get => Map[key];
        set => Set(key, value);
    }

    object? IDictionary.this[object key]
    {
        get => key is string name && Map.TryGetValue(name, out var value) ? value : null;
        set => Set((string)key, value);
    }

    /// <summary>
    /// Whether the answer has the key. Before the dictionaries exist this reads the bytes (cheap) rather
    /// than building them, so a provider adding context keys to many objects keeps them lazy.
    /// </summary>
    public bool ContainsKey(string key)
    {
        if (_map is { } map)
        {
            return map.ContainsKey(key);
        }

        lock (_gate)
        {
            if (_map is not null)
            {
                return _map.ContainsKey(key);
            }

            if (_added is not null && _added.ContainsKey(key))
            {
                return true;
            }

            using var document = JsonDocument.Parse(_json);
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (string.Equals(property.Name, key, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }

            return false;
        }
    }

    /// <summary>Adds a key the answer lacks (context such as the team an on-call entry belongs to) without building the dictionaries.</summary>
    public void Add(string key, object? value)
    {
        if (_map is null)
        {
            lock (_gate)
            {
                if (_map is null)
                {
                    if (ContainsKey(key))
                    {
                        throw new ArgumentException("An item with the same key has already been added: " + key, nameof(key));
                    }

                    (_added ??= new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase)).Add(key, value);
                    return;
                }
            }
        }

        Map.Add(key, value);
    }

    // A key set before anyone looked (context a provider adds) waits beside the bytes and wins over them.
    private void Set(string key, object? value)
    {
        if (_map is null)
        {
            lock (_gate)
            {
                if (_map is null)
                {
                    (_added ??= new Dictionary<string, object?>(StringComparer.OrdinalIgnoreCase))[key] = value;
                    return;
                }
            }
        }

        Map[key] = value;
    }

    public bool TryGetValue(string key, out object? value) => Map.TryGetValue(key, out value);

    public bool Remove(string key) => Map.Remove(key);

    public void Clear() => Map.Clear();

    public void Add(KeyValuePair<string, object?> item) => Add(item.Key, item.Value);

    public bool Contains(KeyValuePair<string, object?> item) => ((ICollection<KeyValuePair<string, object?>>)Map).Contains(item);

    public void CopyTo(KeyValuePair<string, object?>[] array, int arrayIndex) => ((ICollection<KeyValuePair<string, object?>>)Map).CopyTo(array, arrayIndex);

    public bool Remove(KeyValuePair<string, object?> item) => ((ICollection<KeyValuePair<string, object?>>)Map).Remove(item);

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => Map.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => Map.GetEnumerator();

    void IDictionary.Add(object key, object? value) => Add((string)key, value);

    bool IDictionary.Contains(object key) => key is string name && ContainsKey(name);

    IDictionaryEnumerator IDictionary.GetEnumerator() => ((IDictionary)Map).GetEnumerator();

    void IDictionary.Remove(object key)
    {
        if (key is string name)
        {
            Map.Remove(name);
        }
    }

    void ICollection.CopyTo(Array array, int index) => ((ICollection)Map).CopyTo(array, index);

    public override string ToString() => Map.ToString();

    private Dictionary<string, object?> Materialize()
    {
        lock (_gate)
        {
            if (_map is { } done)
            {
                return done;
            }

            using var document = JsonDocument.Parse(_json);
            var map = RawJson.ToMap(document.RootElement);
            if (_added is not null)
            {
                foreach (var pair in _added)
                {
                    map[pair.Key] = pair.Value;
                }
            }

            _map = map;
            _json = null;
            _added = null;
            return map;
        }
    }
}

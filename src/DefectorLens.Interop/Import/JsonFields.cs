using System.Collections.Immutable;
using System.Text.Json;
using DefectorLens.Core;

namespace DefectorLens.Interop.Import;

/// <summary>The fields of one JSON object, read with a typed method each, every problem reported in the object's words.</summary>
/// <remarks>
/// Messages name fields, never their values: the same reader reads identity fields. A null value counts as absent.
/// Fields the format does not define are reported rather than dropped, so that no data is silently lost.
/// </remarks>
internal sealed class JsonFields
{
    private readonly Dictionary<string, JsonElement> _fields = new(StringComparer.Ordinal);
    private readonly string _noun;
    private readonly Action<string> _report;

    private JsonFields(string noun, Action<string> report) => (_noun, _report) = (noun, report);

    /// <summary>The names of the fields present and not null, in file order.</summary>
    public IReadOnlyList<string> Names { get; private set; } = [];

    /// <summary>Reads an object's fields.</summary>
    /// <param name="json">The object.</param>
    /// <param name="noun">How a field is called in messages: <c>field</c>, <c>attribute</c>, <c>identity field</c>.</param>
    /// <param name="known">The fields the format defines; null to accept any.</param>
    /// <param name="report">Records a problem.</param>
    public static JsonFields Of(JsonElement json, string noun, IReadOnlyList<string>? known, Action<string> report)
    {
        var fields = new JsonFields(noun, report);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var property in json.EnumerateObject())
        {
            if (known is not null && !known.Contains(property.Name, StringComparer.Ordinal))
            {
                report(Messages.FieldUnknown(noun, property.Name, known));
            }
            else if (!seen.Add(property.Name))
            {
                report(Messages.FieldRepeated(noun, property.Name));
            }
            else if (property.Value.ValueKind != JsonValueKind.Null)
            {
                fields._fields.Add(property.Name, property.Value);
                names.Add(property.Name);
            }
        }

        fields.Names = names;
        return fields;
    }

    /// <summary>A string that must be present and not blank; trimmed.</summary>
    public string? RequiredString(string name)
    {
        if (!_fields.ContainsKey(name))
        {
            _report(Messages.FieldAbsent(_noun, name));
            return null;
        }

        var value = String(name);
        if (value is null && _fields[name].ValueKind == JsonValueKind.String)
        {
            _report(Messages.FieldBlank(_noun, name));
        }

        return value;
    }

    /// <summary>An optional string, trimmed; null when absent or blank.</summary>
    public string? String(string name)
    {
        if (!_fields.TryGetValue(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            _report(Messages.FieldNotString(_noun, name));
            return null;
        }

        var text = value.GetString()!.Trim();
        return text.Length == 0 ? null : text;
    }

    /// <summary>A string that must be present, kept exactly as written (for text whose offsets matter).</summary>
    public string? RequiredText(string name)
    {
        if (!_fields.TryGetValue(name, out var value))
        {
            _report(Messages.FieldAbsent(_noun, name));
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            _report(Messages.FieldNotString(_noun, name));
            return null;
        }

        return value.GetString();
    }

    /// <summary>An optional array of non-blank strings, trimmed.</summary>
    public ImmutableArray<string> Strings(string name)
    {
        if (!_fields.TryGetValue(name, out var value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array
            || value.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(item.GetString())))
        {
            _report(Messages.FieldNotStringArray(_noun, name));
            return [];
        }

        return [.. value.EnumerateArray().Select(item => item.GetString()!.Trim())];
    }

    /// <summary>An optional whole number.</summary>
    public long? WholeNumber(string name)
    {
        if (!_fields.TryGetValue(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number))
        {
            return number;
        }

        // 12.0 is a whole number too; JSON writers in some languages emit it so.
        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var real) && real == Math.Floor(real)
            && Math.Abs(real) < 1e15)
        {
            return (long)real;
        }

        _report(Messages.FieldNotWholeNumber(_noun, name));
        return null;
    }

    /// <summary>A whole number that must be present.</summary>
    public long? RequiredWholeNumber(string name)
    {
        if (!_fields.ContainsKey(name))
        {
            _report(Messages.FieldAbsent(_noun, name));
            return null;
        }

        return WholeNumber(name);
    }

    /// <summary>An optional number.</summary>
    public double? Number(string name)
    {
        if (!_fields.TryGetValue(name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number))
        {
            return number;
        }

        _report(Messages.FieldNotNumber(_noun, name));
        return null;
    }

    /// <summary>An optional string, number or boolean, as text (numbers as written).</summary>
    public string? Simple(string name)
    {
        if (!_fields.TryGetValue(name, out var value))
        {
            return null;
        }

        switch (value.ValueKind)
        {
            case JsonValueKind.String:
                var text = value.GetString()!.Trim();
                return text.Length == 0 ? null : text;
            case JsonValueKind.Number:
                return value.GetRawText();
            case JsonValueKind.True or JsonValueKind.False:
                return value.GetBoolean() ? "true" : "false";
            default:
                _report(Messages.FieldNotSimpleValue(_noun, name));
                return null;
        }
    }

    /// <summary>An optional object.</summary>
    public JsonElement? Object(string name) => Kind(name, JsonValueKind.Object, Messages.FieldNotObject);

    /// <summary>An optional array.</summary>
    public JsonElement? Array(string name) => Kind(name, JsonValueKind.Array, Messages.FieldNotArray);

    private JsonElement? Kind(string name, JsonValueKind kind, Func<string, string, string> wrongKind)
    {
        if (!_fields.TryGetValue(name, out var value))
        {
            return null;
        }

        if (value.ValueKind != kind)
        {
            _report(wrongKind(_noun, name));
            return null;
        }

        return value;
    }
}

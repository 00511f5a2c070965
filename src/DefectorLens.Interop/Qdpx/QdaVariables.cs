using System.Collections.Immutable;
using System.Globalization;
using DefectorLens.Core;
using DefectorLens.Core.Model;

namespace DefectorLens.Interop.Qdpx;

/// <summary>A REFI-QDA variable as DefectorLens writes it: a name, a type and how to read a value from the record.</summary>
/// <param name="Name">The variable's name, as in the JSON Lines format.</param>
/// <param name="Type">REFI-QDA <c>typeOfVariable</c>.</param>
internal sealed record QdaVariableDefinition(string Name, string Type);

/// <summary>Case attributes as case variables. Identity fields have no variable: they are never exported.</summary>
internal static class CaseVariables
{
    public static readonly ImmutableArray<QdaVariableDefinition> Known =
    [
        new("gender", "Text"), new("age_at_joining", "Integer"), new("nationality", "Text"), new("residence", "Text"),
        new("group", "Text"), new("role", "Text"), new("joined", "Text"), new("defected", "Text"),
        new("legal_status", "Text"), new("consent", "Text"),
    ];

    /// <summary>Each attribute that has a value, by variable name; extra attributes by their own names.</summary>
    public static IEnumerable<(string Name, string Value)> Write(CaseAttributes attributes)
    {
        (string, string?)[] known =
        [
            ("gender", attributes.Gender),
            ("age_at_joining", attributes.AgeAtJoining?.ToString(CultureInfo.InvariantCulture)),
            ("nationality", attributes.Nationality), ("residence", attributes.CountryOfResidence),
            ("group", attributes.Group), ("role", attributes.Role),
            ("joined", attributes.Joined?.ToString()), ("defected", attributes.Defected?.ToString()),
            ("legal_status", Vocabulary.Name(attributes.LegalStatus)), ("consent", Vocabulary.Name(attributes.Consent)),
        ];
        foreach (var (name, value) in known)
        {
            if (value is not null)
            {
                yield return (name, value);
            }
        }

        foreach (var (name, value) in attributes.Extra)
        {
            yield return (name, value);
        }
    }

    /// <summary>Reads attributes from variables named as DefectorLens names them (any case); others become extra attributes.</summary>
    public static CaseAttributes Read(IEnumerable<(string Name, string? Value, int Line)> values, string caseName, int line, string file, List<InputError> errors)
    {
        var attributes = CaseAttributes.Empty;
        var extra = attributes.Extra;
        foreach (var (rawName, rawValue, valueLine) in values)
        {
            var value = rawValue?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            void Fail(string reason) => errors.Add(new InputError(file, valueLine > 0 ? valueLine : line, Messages.QdeVariableInvalid(caseName, rawName, reason)));
            var key = rawName.Trim().ToLowerInvariant().Replace(' ', '_');
            switch (key)
            {
                case "gender":
                    attributes = attributes with { Gender = value };
                    break;
                case "age_at_joining":
                    if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var age) && age is >= 0 and <= 120)
                    {
                        attributes = attributes with { AgeAtJoining = age };
                    }
                    else
                    {
                        Fail(Messages.FieldNotWholeNumber("attribute", "age_at_joining"));
                    }

                    break;
                case "nationality":
                    attributes = attributes with { Nationality = value };
                    break;
                case "residence" or "country_of_residence":
                    attributes = attributes with { CountryOfResidence = value };
                    break;
                case "group":
                    attributes = attributes with { Group = value };
                    break;
                case "role":
                    attributes = attributes with { Role = value };
                    break;
                case "joined" or "defected":
                    if (PartialDate.TryParse(value) is { } date)
                    {
                        attributes = key == "joined"
                            ? attributes with { Joined = date }
                            : attributes with { Defected = date };
                    }
                    else
                    {
                        Fail(Messages.DateMalformed(value));
                    }

                    break;
                case "legal_status":
                    if (Vocabulary.TryParse(value, out LegalStatus status))
                    {
                        attributes = attributes with { LegalStatus = status };
                    }
                    else
                    {
                        Fail(Messages.WordUnknown("legal_status", value, Vocabulary.LegalStatuses));
                    }

                    break;
                case "consent":
                    if (Vocabulary.TryParse(value, out ConsentLevel consent))
                    {
                        attributes = attributes with { Consent = consent };
                    }
                    else
                    {
                        Fail(Messages.WordUnknown("consent", value, Vocabulary.ConsentLevels));
                    }

                    break;
                default:
                    extra = extra.SetItem(rawName.Trim(), value);
                    break;
            }
        }

        return attributes with { Extra = extra };
    }
}

/// <summary>Source metadata as source variables; the title is the source's name.</summary>
internal static class SourceVariables
{
    public static readonly ImmutableArray<QdaVariableDefinition> Known =
    [
        new("outlet", "Text"), new("author", "Text"), new("url", "Text"), new("published", "Text"),
        new("language", "Text"), new("medium", "Text"),
    ];

    /// <summary>Each metadata field that has a value, by variable name.</summary>
    public static IEnumerable<(string Name, string Value)> Write(SourceMetadata metadata)
    {
        (string, string?)[] known =
        [
            ("outlet", metadata.Outlet), ("author", metadata.Author), ("url", metadata.Url),
            ("published", metadata.Published?.ToString()), ("language", metadata.Language), ("medium", Vocabulary.Name(metadata.Medium)),
        ];
        return known.Where(pair => pair.Item2 is not null).Select(pair => (pair.Item1, pair.Item2!));
    }

    /// <summary>Reads metadata from variables; a variable a source has no field for is left out with a warning.</summary>
    public static SourceMetadata Read(
        IEnumerable<(string Name, string? Value, int Line)> values, string title, int line, string file, List<InputError> errors, List<InputError> warnings)
    {
        var metadata = new SourceMetadata { Title = title };
        foreach (var (rawName, rawValue, valueLine) in values)
        {
            var value = rawValue?.Trim();
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            var at = valueLine > 0 ? valueLine : line;
            switch (rawName.Trim().ToLowerInvariant())
            {
                case "outlet":
                    metadata = metadata with { Outlet = value };
                    break;
                case "author":
                    metadata = metadata with { Author = value };
                    break;
                case "url":
                    metadata = metadata with { Url = value };
                    break;
                case "published" when PartialDate.TryParse(value) is { } date:
                    metadata = metadata with { Published = date };
                    break;
                case "published":
                    errors.Add(new InputError(file, at, Messages.QdeVariableInvalid(title, rawName, Messages.DateMalformed(value))));
                    break;
                case "language":
                    metadata = metadata with { Language = value.ToLowerInvariant() };
                    break;
                case "medium" when Vocabulary.TryParse(value, out Medium medium):
                    metadata = metadata with { Medium = medium };
                    break;
                case "medium":
                    errors.Add(new InputError(file, at, Messages.QdeVariableInvalid(title, rawName, Messages.WordUnknown("medium", value, Vocabulary.Media))));
                    break;
                default:
                    warnings.Add(new InputError(file, at, Messages.QdeSourceVariableIgnored(title, rawName)));
                    break;
            }
        }

        return metadata;
    }
}

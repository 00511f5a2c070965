using System.Collections.Immutable;

namespace DefectorLens.Core.Model;

/// <summary>One person who left, or tried to leave, an armed group; shown everywhere by a pseudonym.</summary>
/// <remarks>Carries no identity field: those live in <see cref="CaseIdentity"/>, stored apart.</remarks>
public sealed record Case
{
    private Case(CaseId id, string pseudonym, CaseAttributes attributes) =>
        (Id, Pseudonym, Attributes) = (id, pseudonym, attributes);

    /// <summary>The project's identifier of the case.</summary>
    public CaseId Id { get; }

    /// <summary>The name the case is shown by.</summary>
    public string Pseudonym { get; }

    /// <summary>What is known about the case beyond identity.</summary>
    public CaseAttributes Attributes { get; init; }

    /// <summary>Makes a case; the id and pseudonym must not be blank.</summary>
    public static Case Create(CaseId id, string pseudonym, CaseAttributes attributes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id.Value, nameof(id));
        ArgumentException.ThrowIfNullOrWhiteSpace(pseudonym);
        ArgumentNullException.ThrowIfNull(attributes);
        return new Case(id, pseudonym.Trim(), attributes);
    }
}

/// <summary>The attributes of a case that may be analysed and shown.</summary>
public sealed record CaseAttributes
{
    /// <summary>No attribute known.</summary>
    public static CaseAttributes Empty { get; } = new();

    /// <summary>Gender as the sources give it.</summary>
    public string? Gender { get; init; }

    /// <summary>Age when joining the group.</summary>
    public int? AgeAtJoining { get; init; }

    /// <summary>Nationality.</summary>
    public string? Nationality { get; init; }

    /// <summary>Country of residence before joining.</summary>
    public string? CountryOfResidence { get; init; }

    /// <summary>The group the person joined.</summary>
    public string? Group { get; init; }

    /// <summary>Role in the group (fighter, administrator, police, medic...).</summary>
    public string? Role { get; init; }

    /// <summary>When the person joined.</summary>
    public PartialDate? Joined { get; init; }

    /// <summary>When the person defected.</summary>
    public PartialDate? Defected { get; init; }

    /// <summary>Legal status now.</summary>
    public LegalStatus LegalStatus { get; init; }

    /// <summary>What the person consented to.</summary>
    public ConsentLevel Consent { get; init; }

    /// <summary>Further attributes a project records, by name.</summary>
    public ImmutableSortedDictionary<string, string> Extra { get; init; } =
        ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal);
}

/// <summary>The identity of a case: the fields that could expose who spoke.</summary>
/// <remarks>Never printed: <see cref="ToString"/> hides every value so that a log or an error cannot leak one.</remarks>
public sealed record CaseIdentity
{
    private CaseIdentity(CaseId caseId) => CaseId = caseId;

    /// <summary>The case this identity belongs to.</summary>
    public CaseId CaseId { get; }

    /// <summary>Real name.</summary>
    public string? RealName { get; init; }

    /// <summary>Other names the person is known by (kunya, nicknames, transliterations).</summary>
    public ImmutableArray<string> Aliases { get; init; } = [];

    /// <summary>How to reach the person.</summary>
    public string? Contact { get; init; }

    /// <summary>Where the person is, precisely.</summary>
    public string? ExactLocation { get; init; }

    /// <summary>Free-text notes about identity.</summary>
    public string? Notes { get; init; }

    /// <summary>True when the identity exists but its values cannot be read because the project's key is not at hand.</summary>
    /// <remarks>A locked identity has no values: it says only that there is something to unlock.</remarks>
    public bool IsLocked { get; init; }

    /// <summary>True when no field holds a value.</summary>
    public bool IsEmpty => RealName is null && Aliases.IsDefaultOrEmpty && Contact is null && ExactLocation is null && Notes is null;

    /// <summary>Makes an empty identity for a case; set fields with <c>with</c>.</summary>
    public static CaseIdentity For(CaseId caseId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(caseId.Value, nameof(caseId));
        return new CaseIdentity(caseId);
    }

    /// <summary>Names the case only; identity values are never written out.</summary>
    public override string ToString() => $"CaseIdentity {{ CaseId = {CaseId}, values hidden }}";
}

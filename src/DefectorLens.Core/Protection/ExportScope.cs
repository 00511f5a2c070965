using System.Collections.Immutable;
using DefectorLens.Core.Model;

namespace DefectorLens.Core.Protection;

/// <summary>What an export may carry: which cases, the name each carried case goes by, and the redactor every text passes through on its way out.</summary>
/// <remarks>
/// A source is carried when it is about nobody or about at least one carried case; a segment when it is narration or
/// spoken by a carried case. Everything else about a left-out case (its speech, its memos, its place in a source's list
/// of cases) stays in the project. A carried case is named by its keyed export id (<see cref="CaseRef"/>) wherever an
/// export refers to it, never by the project's case id, so exports can be joined only by whoever holds the key.
/// </remarks>
public sealed class ExportScope
{
    private readonly ImmutableHashSet<CaseId> _withheld;
    private readonly ExportIds _ids;

    private ExportScope(Redactor redactor, ImmutableHashSet<CaseId> withheld, ExportIds ids) => (Redactor, _withheld, _ids) = (redactor, withheld, ids);

    /// <summary>The redactor exported text passes through.</summary>
    public Redactor Redactor { get; }

    /// <summary>A scope that leaves out the <paramref name="withheld"/> cases, names the others by <paramref name="ids"/> and redacts with <paramref name="redactor"/>.</summary>
    public static ExportScope For(Redactor redactor, IEnumerable<CaseId> withheld, ExportIds ids)
    {
        ArgumentNullException.ThrowIfNull(redactor);
        ArgumentNullException.ThrowIfNull(withheld);
        ArgumentNullException.ThrowIfNull(ids);
        return new ExportScope(redactor, [.. withheld], ids);
    }

    /// <summary>The export id a case goes by in the export (see <see cref="ExportIds.CaseRef"/>).</summary>
    public string CaseRef(CaseId id) => _ids.CaseRef(id);

    /// <summary>True when the case is carried.</summary>
    public bool Includes(CaseId id) => !_withheld.Contains(id);

    /// <summary>True when a source about these cases is carried: it is about nobody, or about at least one carried case.</summary>
    public bool IncludesSource(ImmutableArray<CaseId> cases) => cases.IsDefaultOrEmpty || cases.Any(Includes);

    /// <summary>True when the segment is carried: narration, or spoken by a carried case.</summary>
    public bool IncludesSegment(Segment segment)
    {
        ArgumentNullException.ThrowIfNull(segment);
        return segment.Speaker is not { } speaker || Includes(speaker);
    }

    /// <summary>The carried cases of a list, in order.</summary>
    public ImmutableArray<CaseId> Carried(ImmutableArray<CaseId> cases) =>
        cases.IsDefaultOrEmpty ? [] : [.. cases.Where(Includes)];
}

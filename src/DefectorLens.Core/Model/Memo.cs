namespace DefectorLens.Core.Model;

/// <summary>What a memo is about.</summary>
public enum MemoTarget
{
    /// <summary>The project as a whole.</summary>
    Project,
    /// <summary>A code.</summary>
    Code,
    /// <summary>A case.</summary>
    Case,
    /// <summary>A source.</summary>
    Source,
    /// <summary>A segment.</summary>
    Segment,
}

/// <summary>A researcher's note on a code, a case, a source or a segment.</summary>
/// <param name="Target">What kind of thing it is about.</param>
/// <param name="TargetId">The id of that thing (empty for the project).</param>
/// <param name="Author">Who wrote it.</param>
/// <param name="Text">The note.</param>
/// <param name="Written">When.</param>
public sealed record Memo(MemoTarget Target, string TargetId, string Author, string Text, DateTimeOffset Written);

/// <summary>One entry of the append-only record of who did what.</summary>
/// <param name="Sequence">Position in the log, from 1.</param>
/// <param name="At">When.</param>
/// <param name="Actor">Who (a user name or a process).</param>
/// <param name="Action">What, as a stable verb (<c>import</c>, <c>code</c>, <c>identity.view</c>).</param>
/// <param name="Subject">What it was done to: ids and counts, never testimony or identity values.</param>
public sealed record AuditEvent(long Sequence, DateTimeOffset At, string Actor, string Action, string Subject);

namespace DefectorLens.Core.Model;

/// <summary>The stable identifier a project gives a case, e.g. <c>c017</c>.</summary>
public readonly record struct CaseId(string Value)
{
    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The stable identifier a project gives a source, e.g. <c>s042</c>.</summary>
public readonly record struct SourceId(string Value)
{
    /// <inheritdoc />
    public override string ToString() => Value;
}

/// <summary>The store's identifier of a segment.</summary>
public readonly record struct SegmentId(long Value)
{
    /// <inheritdoc />
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A code's stable dotted identifier, e.g. <c>leave.brutality</c>.</summary>
public readonly record struct CodeId(string Value)
{
    /// <summary>The identifier of the parent code (<c>leave</c> for <c>leave.brutality</c>), if any.</summary>
    public CodeId? Parent => Value.LastIndexOf('.') is var dot and > 0 ? new CodeId(Value[..dot]) : null;

    /// <inheritdoc />
    public override string ToString() => Value;
}

namespace DefectorLens.Interop.Qdpx;

/// <summary>What a project.qde (or a .qdc) holds, as read, before it is mapped onto a project.</summary>
/// <remarks>Every element keeps the line it was read from, so that later checks can name it.</remarks>
internal sealed class QdaDocument
{
    public string Name { get; set; } = "";

    public string? Origin { get; set; }

    public string? BasePath { get; set; }

    public string? Description { get; set; }

    public List<QdaUser> Users { get; } = [];

    public List<QdaCode> Codes { get; } = [];

    public List<QdaVariable> Variables { get; } = [];

    public List<QdaCase> Cases { get; } = [];

    public List<QdaTextSource> Sources { get; } = [];

    /// <summary>Sources that are not text (PDF, picture, audio, video): named in a warning, not imported.</summary>
    public List<(string Kind, string Name, int Line)> OtherSources { get; } = [];

    public List<QdaNote> Notes { get; } = [];

    public List<(Guid Origin, Guid Target)> Links { get; } = [];

    /// <summary>Notes about the project as a whole.</summary>
    public List<Guid> ProjectNotes { get; } = [];
}

internal sealed record QdaUser(Guid Guid, string? Name, string? Id);

internal sealed record QdaCode(Guid Guid, string Name, bool IsCodable, string? Colour, string? Description, Guid? Parent, IReadOnlyList<Guid> Notes, int Line);

internal sealed record QdaVariable(Guid Guid, string Name, string Type);

/// <summary>A variable's value as written, whatever its type.</summary>
internal sealed record QdaValue(Guid Variable, string? Value, int Line);

internal sealed class QdaCase(Guid guid, string? name, int line)
{
    public Guid Guid { get; } = guid;

    public string? Name { get; } = name;

    public int Line { get; } = line;

    public string? Description { get; set; }

    public List<QdaValue> Values { get; } = [];

    public List<Guid> SourceRefs { get; } = [];

    public List<Guid> SelectionRefs { get; } = [];
}

internal sealed record QdaCoding(Guid Code, Guid? User, int Line);

internal sealed class QdaSelection(Guid guid, long start, long end, Guid? user, int line)
{
    public Guid Guid { get; } = guid;

    public long Start { get; } = start;

    public long End { get; } = end;

    public Guid? User { get; } = user;

    public int Line { get; } = line;

    public List<QdaCoding> Codings { get; } = [];

    public List<Guid> Notes { get; } = [];
}

internal sealed class QdaTextSource(Guid guid, string? name, string? plainTextPath, int line)
{
    public Guid Guid { get; } = guid;

    public string? Name { get; } = name;

    public string? PlainTextPath { get; } = plainTextPath;

    public int Line { get; } = line;

    public string? Content { get; set; }

    public List<QdaSelection> Selections { get; } = [];

    /// <summary>Codings of the whole source, as MAXQDA writes a document coded as a whole.</summary>
    public List<QdaCoding> Codings { get; } = [];

    public List<Guid> Notes { get; } = [];

    public List<QdaValue> Values { get; } = [];
}

internal sealed record QdaNote(Guid Guid, string? Name, string? Text, string? PlainTextPath, Guid? User, DateTimeOffset? Created, int Line);

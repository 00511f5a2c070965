namespace DefectorLens.Interop.Qdpx;

/// <summary>Stops reading an archive or a project.qde at the first problem that makes the whole file unusable.</summary>
/// <remarks>Never leaves this namespace: the importer turns it into an <see cref="Core.InputError"/>.</remarks>
internal sealed class QdpxFormatException : Exception
{
    public QdpxFormatException(string reason, int? line = null, Exception? inner = null)
        : base(reason, inner) => Line = line;

    /// <summary>The line of project.qde the problem is on, when it is in the XML.</summary>
    public int? Line { get; }
}

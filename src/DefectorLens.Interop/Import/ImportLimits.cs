namespace DefectorLens.Interop.Import;

/// <summary>How large an input may be: a file, an archive and its entries.</summary>
/// <remarks>
/// Archive limits stop zip bombs: an archive of a few kilobytes can expand to terabytes. They are checked on the
/// sizes the archive declares before anything is read, and again on the bytes actually read, which cannot lie.
/// </remarks>
public sealed record ImportLimits
{
    /// <summary>The defaults: 64 MiB per file or entry, 10,000 entries and 2 GiB per archive, 200 to 1 compression.</summary>
    public static ImportLimits Default { get; } = new();

    /// <summary>The largest file (or archive entry) imported, in bytes.</summary>
    public long MaxFileBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>The most entries an archive may have.</summary>
    public int MaxArchiveEntries { get; init; } = 10_000;

    /// <summary>The most bytes an archive may expand to, all entries together.</summary>
    public long MaxArchiveBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>The highest compression ratio (uncompressed to compressed) an entry may have; text rarely exceeds 20.</summary>
    public int MaxCompressionRatio { get; init; } = 200;

    /// <summary>How deep archives may nest inside archives.</summary>
    public int MaxArchiveDepth { get; init; } = 2;
}

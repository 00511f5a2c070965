namespace DefectorLens.Interop.Qdpx;

/// <summary>How much a .qdpx archive may hold before it is refused as hostile or broken.</summary>
/// <remarks>
/// Sizes are checked against what the archive declares and again against the bytes actually unpacked, because a
/// crafted archive can declare anything.
/// </remarks>
public sealed record QdpxLimits
{
    /// <summary>The limits used unless a caller says otherwise: room for tens of thousands of sources.</summary>
    public static QdpxLimits Default { get; } = new();

    /// <summary>Most entries an archive may hold.</summary>
    public int MaxEntries { get; init; } = 100_000;

    /// <summary>Most bytes one entry may unpack to.</summary>
    public long MaxEntryBytes { get; init; } = 512L * 1024 * 1024;

    /// <summary>Most bytes all entries together may unpack to.</summary>
    public long MaxTotalBytes { get; init; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Highest ratio of unpacked to packed size for an entry above <see cref="RatioCheckedAboveBytes"/>.</summary>
    public int MaxCompressionRatio { get; init; } = 200;

    /// <summary>Entries smaller than this are not held to the ratio: a short repetitive text compresses well and harms no one.</summary>
    public long RatioCheckedAboveBytes { get; init; } = 1024 * 1024;
}

using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;
using DefectorLens.Interop.Import;

namespace DefectorLens.Interop.Tests.Import;

/// <summary>A small codebook and import contexts, so that import tests do not depend on the default codebook's content.</summary>
internal static class TestCodebooks
{
    public static Codebook Mini { get; } = new(
        "mini-1", "2.0", "Mini", "Two categories for tests.",
        [Code("join"), Code("join.syria-conflict"), Code("leave"), Code("leave.brutality"), Code("leave.infighting")]);

    /// <summary>The mini codebook with case c100 and source s100 already in the project.</summary>
    public static ImportContext Context { get; } = new(Mini, new HashSet<CaseId> { new("c100") }, new HashSet<SourceId> { new("s100") });

    private static Code Code(string id) => new(new CodeId(id), id, "", [], [], [], null, []);
}

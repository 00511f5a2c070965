using System.IO.Compression;
using System.Text;
using DefectorLens.Core.Model;
using DefectorLens.Core.Protection;
using DefectorLens.Core.Storage;
using DefectorLens.Interop.Import;
using DefectorLens.Interop.Qdpx;

namespace DefectorLens.Interop.Tests.Qdpx;

/// <summary>Archives the tests craft themselves, and the import path the tests drive.</summary>
internal static class Archives
{
    /// <summary>A zip holding the given entries, text as UTF-8 without a byte-order mark.</summary>
    public static byte[] Zip(params (string Name, string Text)[] entries) =>
        ZipBytes([.. entries.Select(entry => (entry.Name, new UTF8Encoding(false).GetBytes(entry.Text)))]);

    /// <summary>A zip holding the given entries.</summary>
    public static byte[] ZipBytes(params (string Name, byte[] Bytes)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.Optimal).Open();
                stream.Write(bytes);
            }
        }

        return buffer.ToArray();
    }

    /// <summary>The project.qde of an archive.</summary>
    public static string ProjectQde(byte[] archive)
    {
        using var zip = new ZipArchive(new MemoryStream(archive), ZipArchiveMode.Read);
        using var reader = new StreamReader(zip.GetEntry("project.qde")!.Open(), Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The export ids every test export names cases by: one key for the whole test run.</summary>
    public static ExportIds Ids { get; } = new(KeyRing.Generate());

    /// <summary>A scope that names cases by <see cref="Ids"/>, redacts with <paramref name="redactor"/> and leaves out <paramref name="withheld"/>.</summary>
    public static ExportScope Scope(Redactor redactor, params string[] withheld) =>
        ExportScope.For(redactor, withheld.Select(id => new CaseId(id)), Ids);

    /// <summary>Exports every case of a project to bytes, texts through the patterns only (or <paramref name="scope"/>).</summary>
    public static async Task<byte[]> ExportAsync(IProjectStore store, ExportScope? scope = null)
    {
        using var buffer = new MemoryStream();
        await QdpxExporter.WriteAsync(store, buffer, scope ?? Scope(Redactor.PatternsOnly), default);
        return buffer.ToArray();
    }

    /// <summary>Reads an archive against a project, as <c>dlens import</c> does.</summary>
    public static async Task<ImportResult> ReadAsync(IProjectStore store, string path, byte[] archive, CodeMap? map = null, QdpxLimits? limits = null)
    {
        var codebook = await store.GetCodebookAsync(default);
        var cases = (await store.GetCasesAsync(default)).Select(c => c.Id).ToHashSet();
        var sources = (await store.GetSourcesAsync(default)).Select(s => s.Id).ToHashSet();
        return QdpxImporter.Import(path, archive, new ImportContext(codebook, cases, sources), map, limits ?? QdpxLimits.Default, default);
    }

    /// <summary>Reads an archive and stores it; the result says what was read.</summary>
    public static async Task<ImportResult> ImportAsync(IProjectStore store, string path, byte[] archive, CodeMap? map = null)
    {
        var result = await ReadAsync(store, path, archive, map);
        if (result.Succeeded)
        {
            await store.ImportAsync(result.Batch, default);
        }

        return result;
    }

    /// <summary>A minimal valid project.qde around the given sources and codebook elements.</summary>
    public static string Qde(string codes, string sources, string extra = "", string origin = "Test") => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <Project xmlns="urn:QDA-XML:project:1.0" name="Crafted" origin="{origin}">
          <CodeBook><Codes>{codes}</Codes></CodeBook>
          {extra}<Sources>{sources}</Sources>
        </Project>
        """;

    public const string OneCode = """<Code guid="11111111-1111-4111-8111-111111111111" name="Brutality" isCodable="true"/>""";

    /// <summary>The segments of a stored source.</summary>
    public static async Task<IReadOnlyList<Segment>> SegmentsAsync(IProjectStore store, string source) =>
        await store.GetSegmentsAsync(new SourceId(source), default);
}

using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using DefectorLens.Interop.Codebooks;
using DefectorLens.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace DefectorLens.Interop.Tests.Qdpx;

/// <summary>Projects in a temporary directory for exchange tests, and a canonical dump to compare two projects by.</summary>
internal sealed class QdpxProjects : IAsyncDisposable
{
    /// <summary>A real name planted in an identity field: it must never leave the project.</summary>
    public const string PlantedName = "Zoltan Quibblewick";

    /// <summary>A contact planted in an identity field.</summary>
    public const string PlantedContact = "zq@example.org";

    public const string Text1 = "Interviewer: Why did you leave? \U0001F600 Abu Tariq: They executed a boy in the square. Nobody fought the regime.";

    public const string Text2 = "Umm Safiya said the emirs had cars and houses while the fighters went hungry.";

    public const string Text3 = "A court record with no coding yet.";

    private readonly List<IProjectStore> _stores = [];

    public QdpxProjects()
    {
        Directory = Path.Combine(Path.GetTempPath(), "dlens-qdpx-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>An empty project coding with the given codebook (the default icsr-2015 when null).</summary>
    public async Task<IProjectStore> CreateAsync(string name, Codebook? codebook = null)
    {
        var provider = new SqliteStoreProvider(TimeProvider.System, NullLoggerFactory.Instance, "test");
        var store = await provider.CreateAsync(Path.Combine(Directory, name, "project.dlens"), name, codebook ?? CodebookFile.Default, default);
        _stores.Add(store);
        return store;
    }

    /// <summary>Three cases (one with an identity), three sources (one with an emoji), codings by a person and by rules, memos on everything.</summary>
    public async Task<IProjectStore> CreateSampleAsync(string name = "study", Codebook? codebook = null)
    {
        var store = await CreateAsync(name, codebook);
        var abu = DefectorLens.Core.Model.Case.Create(new CaseId("c1"), "Abu Tariq", new CaseAttributes
        {
            Gender = "male", AgeAtJoining = 24, Nationality = "Syrian", CountryOfResidence = "Syria", Group = "Islamic State", Role = "fighter",
            Joined = PartialDate.Of(2013, 6), Defected = PartialDate.Of(2014, 11, 3), LegalStatus = LegalStatus.AtLarge,
            Consent = ConsentLevel.PublicAnonymous,
        });
        var umm = DefectorLens.Core.Model.Case.Create(new CaseId("c2"), "Umm Safiya", new CaseAttributes
        {
            Gender = "female", Defected = PartialDate.Of(2015), LegalStatus = LegalStatus.Prosecuted, Consent = ConsentLevel.ResearchOnly,
            Extra = ImmutableSortedDictionary<string, string>.Empty.WithComparers(StringComparer.Ordinal).Add("tribe", "unknown"),
        });
        var karim = DefectorLens.Core.Model.Case.Create(new CaseId("c3"), "Karim B.", CaseAttributes.Empty);
        var identity = CaseIdentity.For(abu.Id) with { RealName = PlantedName, Contact = PlantedContact, Aliases = ["Abu Quibble"] };
        var analyst = Coder.Person("analyst-a");
        var lexicon = new Coder("lexicon", CoderKind.Rules, "2");
        var version = (await store.GetCodebookAsync(default)).Version;
        var code = (await store.GetCodebookAsync(default)).Leaves.Select(c => c.Id).ToList();
        var batch = new ImportBatch(
            "sample",
            [new CaseRecord(abu, identity), new CaseRecord(umm, null), new CaseRecord(karim, null)],
            [
                Source(
                    "s1", "Leaving the caliphate", Text1, Medium.Interview, ["c1"],
                    Span(Text1, "They executed a boy in the square.", "c1", new CodingDraft(code[0], analyst, version, null, null),
                        new CodingDraft(code[0], lexicon, version, 0.9, "en:\"execut*\"")),
                    Span(Text1, "Nobody fought the regime.", "c1", new CodingDraft(code[1], analyst, version, null, null))),
                Source(
                    "s2", "Emirs and cars", Text2, Medium.News, ["c2"],
                    Span(Text2, "the emirs had cars and houses", null, new CodingDraft(code[2], analyst, version, null, null))),
                Source("s3", "Court record", Text3, Medium.CourtRecord, ["c3"]),
            ]);
        await store.ImportAsync(batch, default);
        var written = new DateTimeOffset(2024, 5, 1, 10, 30, 0, TimeSpan.Zero);
        var segment = (await store.GetSegmentsAsync(new SourceId("s1"), default))[0];
        await store.AddMemoAsync(new Memo(MemoTarget.Project, "", "analyst-a", "Coding round one is done.", written), default);
        await store.AddMemoAsync(new Memo(MemoTarget.Code, code[0].Value, "analyst-a", "Includes threats of execution.", written), default);
        await store.AddMemoAsync(new Memo(MemoTarget.Case, "c1", "analyst-b", "Two outlets confirm the date.", written), default);
        await store.AddMemoAsync(new Memo(MemoTarget.Source, "s2", "analyst-a", "Translated from French.", written), default);
        await store.AddMemoAsync(new Memo(MemoTarget.Segment, segment.Id.ToString(), "analyst-a", "Strong first-person quote.", written), default);
        return store;
    }

    private static SourceRecord Source(string id, string title, string text, Medium medium, string[] cases, params SegmentDraft[] segments)
    {
        var metadata = new SourceMetadata
        {
            Title = title, Outlet = "Levant Observer", Author = "R. Staff", Url = "https://example.org/" + id,
            Published = PartialDate.Of(2015, 3, 2), Language = "en", Medium = medium,
        };
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(text)));
        return new SourceRecord(DefectorLens.Core.Model.Source.Create(new SourceId(id), metadata, text, hash, cases.Select(c => new CaseId(c))), [.. segments], null);
    }

    private static SegmentDraft Span(string text, string span, string? speaker, params CodingDraft[] codings)
    {
        var start = text.IndexOf(span, StringComparison.Ordinal);
        return new SegmentDraft(start, start + span.Length, speaker is null ? null : new CaseId(speaker), [.. codings]);
    }

    /// <summary>Everything a round trip must keep, as lines of text: codebook, cases, sources, segments, codings, memos, case codes.</summary>
    /// <remarks>Machine confidence and explanation are left out: REFI-QDA has no place for them.</remarks>
    /// <param name="store">The project.</param>
    /// <param name="caseName">How each case id is written (as it is when null): a copy made from an export names cases by export id.</param>
    public static async Task<string> DumpAsync(IProjectStore store, Func<CaseId, string>? caseName = null)
    {
        string Name(CaseId? id) => id is { } some ? caseName?.Invoke(some) ?? some.Value : "";
        var dump = new StringBuilder();
        dump.AppendLine(CodebookFile.ToYaml(await store.GetCodebookAsync(default)));
        // Ordered by the names written, since a store lists cases by id.
        string CaseLine(DefectorLens.Core.Model.Case @case)
        {
            var a = @case.Attributes;
            return $"case {Name(@case.Id)} '{@case.Pseudonym}' {a.Gender} {a.AgeAtJoining} {a.Nationality} {a.CountryOfResidence} {a.Group} {a.Role} {a.Joined} {a.Defected} {a.LegalStatus} {a.Consent} {string.Join(",", a.Extra.Select(e => $"{e.Key}={e.Value}"))}";
        }

        foreach (var line in (await store.GetCasesAsync(default)).Select(CaseLine).Order(StringComparer.Ordinal))
        {
            dump.AppendLine(line);
        }

        var segmentNames = new Dictionary<string, string>();
        await foreach (var source in store.ReadSourcesAsync(default))
        {
            var m = source.Metadata;
            dump.AppendLine(CultureInfo.InvariantCulture, $"source {source.Id} '{m.Title}' {m.Outlet} {m.Author} {m.Url} {m.Published} {m.Language} {m.Medium} [{string.Join(",", source.Cases.Select(c => Name(c)))}] {source.Text}");
            var codings = (await store.GetCodingsAsync(source.Id, default)).ToLookup(c => c.Segment);
            foreach (var segment in await store.GetSegmentsAsync(source.Id, default))
            {
                var name = $"{source.Id}[{segment.Start},{segment.End})";
                segmentNames[segment.Id.ToString()] = name;
                dump.AppendLine(CultureInfo.InvariantCulture, $"  segment {name} speaker {Name(segment.Speaker)}");
                foreach (var coding in codings[segment.Id].OrderBy(c => c.Code.Value, StringComparer.Ordinal).ThenBy(c => c.Coder.ToString(), StringComparer.Ordinal))
                {
                    dump.AppendLine(CultureInfo.InvariantCulture, $"    coding {coding.Code} by {coding.Coder}");
                }
            }
        }

        foreach (var memo in (await store.GetMemosAsync(default)).OrderBy(m => m.Text, StringComparer.Ordinal))
        {
            var target = memo.Target switch
            {
                MemoTarget.Segment => segmentNames[memo.TargetId],
                MemoTarget.Case => Name(new CaseId(memo.TargetId)),
                _ => memo.TargetId,
            };
            dump.AppendLine(CultureInfo.InvariantCulture, $"memo {memo.Target} {target} by {memo.Author} at {memo.Written:O}: {memo.Text}");
        }

        foreach (var line in (await store.GetCaseCodesAsync(CodingFilter.All, default))
            .Select(c => $"case-code {Name(c.Case)} {c.Code} {c.Coder}").Order(StringComparer.Ordinal))
        {
            dump.AppendLine(line);
        }

        return dump.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}

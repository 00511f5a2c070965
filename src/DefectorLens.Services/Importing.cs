using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Threading.Channels;
using DefectorLens.Core;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using DefectorLens.Interop.Import;

namespace DefectorLens.Services;

/// <summary>What importing one file did.</summary>
/// <param name="File">The file, as given or found in a folder; an archive's entry as <c>archive.zip!/entry</c>.</param>
/// <param name="Cases">Cases stored from it.</param>
/// <param name="Sources">Sources stored from it.</param>
/// <param name="Errors">Why it was rejected; empty when it was stored or skipped.</param>
public sealed record FileImport(string File, int Cases, int Sources, IReadOnlyList<InputError> Errors)
{
    /// <summary>True when the file was stored, or skipped because its content was already in the project.</summary>
    public bool Succeeded => Errors.Count == 0;

    /// <summary>True when the file's content was imported before, so nothing was stored again.</summary>
    public bool Skipped { get; init; }

    /// <summary>How many of its sources repeat a source imported earlier (they are stored and linked to it).</summary>
    public int Duplicates { get; init; }

    /// <summary>The file's size in bytes.</summary>
    public long Bytes { get; init; }
}

/// <summary>What an import did, file by file.</summary>
/// <param name="Files">Each file in the order imported.</param>
public sealed record ImportSummary(IReadOnlyList<FileImport> Files)
{
    /// <summary>Cases stored.</summary>
    public int Cases => Files.Sum(file => file.Cases);

    /// <summary>Sources stored.</summary>
    public int Sources => Files.Sum(file => file.Sources);

    /// <summary>Files rejected.</summary>
    public int Rejected => Files.Count(file => !file.Succeeded);

    /// <summary>Files skipped because their content was already imported.</summary>
    public int Skipped => Files.Count(file => file.Skipped);

    /// <summary>Sources stored as duplicates of earlier ones.</summary>
    public int Duplicates => Files.Sum(file => file.Duplicates);
}

/// <summary>How far an import has got.</summary>
/// <param name="Done">Files imported, skipped or rejected so far.</param>
/// <param name="Total">Files to import (an archive counts as one until it is opened).</param>
/// <param name="Last">The file just done.</param>
public sealed record ImportProgress(int Done, int Total, FileImport Last)
{
    /// <summary>Bytes of input read so far.</summary>
    public long BytesDone { get; init; }

    /// <summary>Bytes of input in all.</summary>
    public long BytesTotal { get; init; }
}

/// <summary>How an import reads and stores: size limits, how many files share a transaction, how many are parsed at once.</summary>
public sealed record ImportOptions
{
    /// <summary>The defaults: <see cref="ImportLimits.Default"/>, up to 800 files or 32 MB per transaction, one parser per core.</summary>
    public static ImportOptions Default { get; } = new();

    /// <summary>Size limits for files and archives.</summary>
    public ImportLimits Limits { get; init; } = ImportLimits.Default;

    /// <summary>The most files stored in one transaction; 1 stores each file on its own.</summary>
    /// <remarks>
    /// Each commit writes again the index and full-text pages that its group touched: groups of 800 text files took a
    /// fifth less time than groups of 200, and 2,000 took no less and 150 MB more memory.
    /// </remarks>
    public int FilesPerTransaction { get; init; } = 800;

    /// <summary>The most input bytes stored in one transaction.</summary>
    public long BytesPerTransaction { get; init; } = 32L * 1024 * 1024;

    /// <summary>How many documents are parsed at once.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;
}

/// <summary>Imports files, folders and archives into a project, each file all or nothing.</summary>
/// <remarks>
/// The import streams: a bounded number of parsed files is in memory at a time, plus the ids and fingerprints of the
/// project's sources. Documents are parsed on several cores, in order; their sources are compared with what is stored
/// (see <see cref="DuplicateIndex"/>) and stored, with each file's SHA-256, by groups of files in one transaction, on a
/// writer thread of its own while the next group is parsed. A group that fails is stored again file by file, so one bad file never costs the others. A re-run skips what is stored,
/// so an interrupted import resumes after the last group committed.
/// </remarks>
public static class Importing
{
    /// <summary>Imports the files given and the supported files inside the folders given, with the default options.</summary>
    /// <exception cref="UserErrorException">A path given does not exist.</exception>
    public static Task<ImportSummary> ImportAsync(
        IProjectStore store, IEnumerable<string> paths, IProgress<ImportProgress>? progress, CancellationToken cancellationToken) =>
        ImportAsync(store, paths, ImportOptions.Default, progress, cancellationToken);

    /// <summary>Imports the files given and the supported files inside the folders given.</summary>
    /// <remarks>
    /// Files are imported in an order that lets later files refer to earlier ones: JSON Lines files named
    /// <c>cases*</c>, other JSON Lines, CSV and TSV manifests (these in turn, each read against what the ones before
    /// stored), then documents and archives. A file a manifest has imported is skipped when the folder walk reaches it.
    /// A rejected file stores nothing; the others go on.
    /// </remarks>
    /// <exception cref="UserErrorException">A path given does not exist.</exception>
    public static async Task<ImportSummary> ImportAsync(
        IProjectStore store, IEnumerable<string> paths, ImportOptions options, IProgress<ImportProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        // Each file's size is read once: for the progress total, and to bound the parsed files in flight. On every core:
        // one stat per file took half a second for 100,000 files, on one core, before the first file was read.
        var found = Expand(paths);
        var sizes = new long[found.Count];
        Parallel.For(0, found.Count, i => sizes[i] = SizeOf(found[i]));
        var files = found.Select((path, i) => (Path: path, Bytes: sizes[i])).ToList();
        var bytesTotal = files.Sum(file => file.Bytes);
        var run = await Run.StartAsync(store, options, files.Count, bytesTotal, progress, cancellationToken).ConfigureAwait(false);
        try
        {
            var manifests = files.TakeWhile(file => ImportOrder(file.Path) < DocumentOrder).ToList();
            await ImportInTurnAsync(run, manifests.SelectMany(file => InputFiles.Open(file.Path, options.Limits, cancellationToken)), cancellationToken)
                .ConfigureAwait(false);
            await ParseInParallelAsync(run, files.Skip(manifests.Count), options, cancellationToken).ConfigureAwait(false);
            await run.FlushAsync(cancellationToken).ConfigureAwait(false);
            await run.DrainAsync().ConfigureAwait(false);
            return new ImportSummary(run.Outcomes);
        }
        finally
        {
            await run.SettleAsync().ConfigureAwait(false);
        }
    }

    private const int DocumentOrder = 3;

    // Manifests and JSON Lines may define cases the next file names, so each is parsed with what the project holds once
    // the one before is stored. The next is parsed while the one before is written, with the context that write will
    // give; in the rare case the write fails, it is parsed again with what the project holds.
    private static async Task ImportInTurnAsync(Run run, IEnumerable<InputFile> inputs, CancellationToken cancellationToken)
    {
        using var files = inputs.GetEnumerator();
        var parsed = files.MoveNext() ? run.Parse(files.Current, run.Context, cancellationToken) : null;
        while (parsed is not null)
        {
            await run.AddAsync(parsed, cancellationToken).ConfigureAwait(false);
            await run.FlushAsync(cancellationToken).ConfigureAwait(false);
            var expected = run.ContextOnceWritten;
            var next = files.MoveNext() ? files.Current : null;
            var ahead = next is null ? null : Task.Run(() => run.Parse(next, expected, cancellationToken), cancellationToken);
            // Both are awaited whatever happens, so no parse goes on after a failed write has stopped the import.
            await Task.WhenAll(run.DrainAsync(), ahead ?? Task.CompletedTask).ConfigureAwait(false);
            parsed = ahead is null ? null : await ahead.ConfigureAwait(false);
            if (next is not null && !ReferenceEquals(expected, run.Context))
            {
                parsed = run.Parse(next, run.Context, cancellationToken);
            }
        }
    }

    // Parsed files waiting for the writer are bounded by count and by size, in units of this many bytes: enough for
    // the cores to parse on while a group is written, never more than InFlightUnits of them in memory.
    private const int InFlightUnit = 64 * 1024;
    private const int InFlightUnits = 1024;

    // The reader starts parses in file order and queues them; the writer awaits them in the same order, so results do
    // not depend on which core finished first, and the bounds keep memory flat whatever the corpus size.
    private static async Task ParseInParallelAsync(
        Run run, IEnumerable<(string Path, long Bytes)> files, ImportOptions options, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var room = new SemaphoreSlim(InFlightUnits);
        var queue = Channel.CreateBounded<(Task<Parsed> Parse, int Units)>(
            new BoundedChannelOptions(Math.Max(1, options.Parallelism) * 32) { SingleReader = true, SingleWriter = true });
        // The reader has a thread of its own and blocks while the queue is full: on the thread pool it waited behind the
        // parses it had queued, and the cores idled while it caught up. Parses queue first in, first out for the same reason.
        var reader = Task.Factory.StartNew(() =>
        {
            try
            {
                foreach (var (open, bytes) in files.SelectMany(file => Inputs(file.Path, file.Bytes, options.Limits, stop.Token)))
                {
                    // A file larger than the whole budget waits until nothing else is in memory.
                    var units = (int)Math.Clamp((bytes + InFlightUnit - 1) / InFlightUnit, 1, InFlightUnits);
                    for (var unit = 0; unit < units; unit++)
                    {
                        room.Wait(stop.Token);
                    }

                    var parse = Task.Factory.StartNew(() => run.Parse(open(), run.Context, stop.Token), stop.Token, TaskCreationOptions.PreferFairness, TaskScheduler.Default);
                    queue.Writer.WriteAsync((parse, units), stop.Token).AsTask().GetAwaiter().GetResult();
                }
            }
            finally
            {
                queue.Writer.TryComplete();
            }
        }, stop.Token, TaskCreationOptions.LongRunning, TaskScheduler.Default);

        try
        {
            await foreach (var (parse, units) in queue.Reader.ReadAllAsync(stop.Token).ConfigureAwait(false))
            {
                // The writer gets the caller's token: stopping the readers when this loop ends must not cancel a write.
                await run.AddAsync(await parse.ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                room.Release(units);
            }

            await reader.ConfigureAwait(false);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(reader).ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
                .ConfigureAwait(false);
        }
    }

    // A file is read by the task that parses it, on any core; an archive is opened by the reader, entry by entry.
    private static IEnumerable<(Func<InputFile> Open, long Bytes)> Inputs(string path, long bytes, ImportLimits limits, CancellationToken cancellationToken) =>
        InputFiles.IsArchive(path)
            ? InputFiles.Open(path, limits, cancellationToken).Select(input => ((Func<InputFile>)(() => input), (long)(input.Bytes?.Length ?? 0)))
            : [(() => InputFiles.Open(path, limits, cancellationToken).Single(), bytes)];

    // A file gone since the folder was listed counts as empty here; reading it reports why.
    private static long SizeOf(string path)
    {
        try
        {
            return new FileInfo(path).Length;
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static List<string> Expand(IEnumerable<string> paths)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory
                    .EnumerateFiles(path, "*", SearchOption.AllDirectories)
                    .Where(file => Importers.SupportedExtensions.Contains(Path.GetExtension(file), StringComparer.OrdinalIgnoreCase)));
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                throw new UserErrorException(UserErrorKind.NotFound, Messages.FileNotFound(path));
            }
        }

        return [.. files.Distinct(StringComparer.Ordinal).OrderBy(ImportOrder).ThenBy(file => file, StringComparer.Ordinal)];
    }

    private static int ImportOrder(string file)
    {
        var extension = Path.GetExtension(file).ToLowerInvariant();
        var isCases = Path.GetFileName(file).StartsWith("cases", StringComparison.OrdinalIgnoreCase);
        return extension switch
        {
            ".jsonl" => isCases ? 0 : 1,
            ".csv" or ".tsv" => 2,
            _ => DocumentOrder,
        };
    }

    /// <summary>A file read and parsed, not yet compared with the project nor stored.</summary>
    private sealed record Parsed(string Name, long Bytes, string? Hash, ImportResult? Result, IReadOnlyList<InputError> Errors, ImmutableArray<SourceFingerprint> Fingerprints)
    {
        public bool Skipped => Result is null && Errors.Count == 0;
    }

    /// <summary>A file waiting in the current group, with the content hashes it was first to claim.</summary>
    private sealed record Pending(Parsed Parsed, IngestedFile File, IReadOnlyList<string> Claimed);

    /// <summary>One import under way: what the project holds, kept up to date group by group.</summary>
    private sealed class Run
    {
        private readonly IProjectStore _store;
        private readonly ImportOptions _options;
        private readonly IProgress<ImportProgress>? _progress;
        private readonly (int Files, long Bytes) _total;
        private readonly Dictionary<CaseId, string> _pseudonyms;
        private readonly HashSet<SourceId> _sources;
        // What was stored before this run: read by the parsers, so a re-run skips files without parsing them.
        private readonly IReadOnlySet<string> _importedBefore;
        private readonly HashSet<string> _imported;
        private readonly DuplicateIndex _duplicates;
        private readonly List<Pending> _group = [];
        private readonly List<FileImport> _outcomes = [];
        private long _groupBytes;
        private long _bytesDone;
        private Task<List<(Pending Pending, UserErrorException? Failure)>>? _writing;
        private ImportContext _context;
        // What parsers will read once the group being written is stored whole; null when that group changes nothing they read.
        private ImportContext? _contextOnceWritten;

        private Run(IProjectStore store, ImportOptions options, IProgress<ImportProgress>? progress, (int, long) total,
            ImportContext context, Dictionary<CaseId, string> pseudonyms, HashSet<SourceId> sources, IngestionState state)
        {
            (_store, _options, _progress, _total, _context, _pseudonyms, _sources) = (store, options, progress, total, context, pseudonyms, sources);
            _importedBefore = state.Files;
            _imported = [.. state.Files];
            _duplicates = new DuplicateIndex(state.Fingerprints, state.Duplicates);
        }

        public IReadOnlyList<FileImport> Outcomes => _outcomes;

        /// <summary>The cases and sources parsers check references against; replaced, never changed, as groups are stored.</summary>
        public ImportContext Context => Volatile.Read(ref _context);

        /// <summary>The <see cref="Context"/> that storing the group being written will give, if it is stored whole.</summary>
        public ImportContext ContextOnceWritten => _contextOnceWritten ?? Context;

        public static async Task<Run> StartAsync(
            IProjectStore store, ImportOptions options, int files, long bytes, IProgress<ImportProgress>? progress, CancellationToken cancellationToken)
        {
            var codebook = await store.GetCodebookAsync(cancellationToken).ConfigureAwait(false);
            var cases = await store.GetCasesAsync(cancellationToken).ConfigureAwait(false);
            var pseudonyms = cases.ToDictionary(c => c.Id, c => c.Pseudonym);
            var sources = (await store.GetSourcesAsync(cancellationToken).ConfigureAwait(false)).Select(s => s.Id).ToHashSet();
            var state = await store.GetIngestionStateAsync(cancellationToken).ConfigureAwait(false);
            var context = new ImportContext(codebook, pseudonyms.Keys.ToHashSet(), sources.ToHashSet())
            {
                Pseudonyms = new Dictionary<CaseId, string>(pseudonyms), Limits = options.Limits,
            };
            return new Run(store, options, progress, (files, bytes), context, pseudonyms, sources, state);
        }

        /// <summary>Parses a file against a <see cref="Context"/> and fingerprints its sources; safe to call from several threads at once.</summary>
        public Parsed Parse(InputFile input, ImportContext context, CancellationToken cancellationToken)
        {
            if (input.Bytes is not { } bytes)
            {
                return new Parsed(input.Name, 0, null, null, input.Errors, []);
            }

            var hash = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (_importedBefore.Contains(hash))
            {
                return new Parsed(input.Name, bytes.Length, hash, null, [], []);
            }

            var result = Importers.Import(input.Name, bytes, context with { InArchive = input.InArchive, Archive = input.Archive, EntryPath = input.EntryPath }, cancellationToken);
            if (result.Succeeded && result.Batch.IsEmpty)
            {
                return new Parsed(input.Name, bytes.Length, hash, null, [new InputError(input.Name, null, Messages.NothingToImport)], []);
            }

            var fingerprints = result.Succeeded ? result.Batch.Sources.Select(r => Fingerprints.Of(r.Source.Id, r.Source.Text)).ToImmutableArray() : [];
            return new Parsed(input.Name, bytes.Length, hash, result.Succeeded ? result : null, result.Errors, fingerprints);
        }

        /// <summary>Compares a parsed file's sources with the project and queues it for storing.</summary>
        public async Task AddAsync(Parsed parsed, CancellationToken cancellationToken)
        {
            // Content stored meanwhile (a file a manifest named, a copy of a file) is skipped, whatever its parse said.
            if (parsed.Skipped || (parsed.Hash is { } hash && _imported.Contains(hash)))
            {
                Report(new FileImport(parsed.Name, 0, 0, []) { Skipped = true, Bytes = parsed.Bytes });
                return;
            }

            if (parsed.Errors.Count > 0)
            {
                Report(new FileImport(parsed.Name, 0, 0, parsed.Errors) { Bytes = parsed.Bytes });
                return;
            }

            var batch = parsed.Result!.Batch;
            var links = Link(parsed.Fingerprints);
            // Claimed now, not when stored, since the writer runs behind: a file a manifest has just named is skipped
            // when the walk reaches it, even if the manifest's group is still being written.
            var claimed = batch.Sources.Select(record => record.Source.ContentHash).Prepend(parsed.Hash!).Where(_imported.Add).ToList();
            _group.Add(new Pending(parsed, new IngestedFile(batch, parsed.Hash!, parsed.Fingerprints, links), claimed));
            _groupBytes += parsed.Bytes;
            if (_group.Count >= _options.FilesPerTransaction || _groupBytes >= _options.BytesPerTransaction)
            {
                await FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>Hands the files queued to the writer, once it has finished the group before.</summary>
        /// <remarks>
        /// The writer stores a group on its own thread while the next group is parsed and compared: parsing and SQLite
        /// then share the cores instead of taking turns. At most two groups are in memory, the one being written and
        /// the one being filled.
        /// </remarks>
        public async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (_group.Count == 0)
            {
                return;
            }

            var lost = await DrainAsync().ConfigureAwait(false);
            var group = _group.Select(pending => lost.Count == 0 ? pending : pending with { File = WithoutLinksTo(pending.File, lost) }).ToList();
            _group.Clear();
            _groupBytes = 0;
            _contextOnceWritten = ChangesContext(group) ? ContextWith(group.Select(pending => pending.File.Batch)) : null;
            _writing = Task.Run(() => WriteAsync(group, cancellationToken), cancellationToken);
        }

        /// <summary>Waits for the group being written and reports its files; returns the sources that could not be stored.</summary>
        public async Task<IReadOnlySet<SourceId>> DrainAsync()
        {
            if (_writing is not { } writing)
            {
                return ImmutableHashSet<SourceId>.Empty;
            }

            _writing = null;
            var written = await writing.ConfigureAwait(false);
            var lost = new HashSet<SourceId>();
            foreach (var (pending, failure) in written)
            {
                if (failure is null)
                {
                    Stored(pending);
                }
                else
                {
                    lost.UnionWith(pending.File.Batch.Sources.Select(record => record.Source.Id));
                    Failed(pending, failure);
                }
            }

            // Parsers read the context while this runs, so it is replaced, never changed.
            if (_contextOnceWritten is { } expected)
            {
                _contextOnceWritten = null;
                Volatile.Write(ref _context, written.All(file => file.Failure is null) ? expected : ContextWith([]));
            }

            if (lost.Count > 0)
            {
                _duplicates.Forget(lost);
            }

            return lost;
        }

        /// <summary>Waits for a write still under way when the import stops early, so the store is not closed under it.</summary>
        public async Task SettleAsync()
        {
            if (_writing is { } writing)
            {
                _writing = null;
                await writing.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default)
                    .ConfigureAwait(false);
            }
        }

        // Runs on the writer's thread: it touches nothing but the group and the store.
        private async Task<List<(Pending Pending, UserErrorException? Failure)>> WriteAsync(List<Pending> group, CancellationToken cancellationToken)
        {
            try
            {
                await _store.IngestAsync([.. group.Select(pending => pending.File)], cancellationToken).ConfigureAwait(false);
                return [.. group.Select(pending => (pending, (UserErrorException?)null))];
            }
            catch (UserErrorException conflict) when (conflict.Kind == UserErrorKind.Conflict && group.Count > 1)
            {
                return await StoreOneByOneAsync(group, cancellationToken).ConfigureAwait(false);
            }
            catch (UserErrorException conflict) when (conflict.Kind == UserErrorKind.Conflict)
            {
                return [(group[0], conflict)];
            }
        }

        private async Task<List<(Pending Pending, UserErrorException? Failure)>> StoreOneByOneAsync(List<Pending> group, CancellationToken cancellationToken)
        {
            var lost = new HashSet<SourceId>();
            var written = new List<(Pending, UserErrorException?)>();
            foreach (var pending in group)
            {
                var file = WithoutLinksTo(pending.File, lost);
                try
                {
                    await _store.IngestAsync([file], cancellationToken).ConfigureAwait(false);
                    written.Add((pending with { File = file }, null));
                }
                catch (UserErrorException conflict) when (conflict.Kind == UserErrorKind.Conflict)
                {
                    lost.UnionWith(file.Batch.Sources.Select(record => record.Source.Id));
                    written.Add((pending, conflict));
                }
            }

            return written;
        }

        // A source whose original was in a file that could not be stored stands as an original itself.
        private static IngestedFile WithoutLinksTo(IngestedFile file, IReadOnlySet<SourceId> lost) =>
            lost.Count > 0 && file.Duplicates.Any(link => lost.Contains(link.Original))
                ? file with { Duplicates = [.. file.Duplicates.Where(link => !lost.Contains(link.Original))] }
                : file;

        private ImmutableArray<DuplicateLink> Link(ImmutableArray<SourceFingerprint> fingerprints)
        {
            var links = ImmutableArray.CreateBuilder<DuplicateLink>();
            foreach (var fingerprint in fingerprints)
            {
                var link = _duplicates.Find(fingerprint);
                if (link is not null)
                {
                    links.Add(link);
                }

                // Added now, not when stored, so that later files of the same group are compared with it too.
                _duplicates.Add(fingerprint, link);
            }

            return links.ToImmutable();
        }

        private void Stored(Pending pending)
        {
            var batch = pending.File.Batch;
            foreach (var record in batch.Sources)
            {
                _sources.Add(record.Source.Id);
            }

            foreach (var record in batch.Cases)
            {
                _pseudonyms[record.Case.Id] = record.Case.Pseudonym;
            }

            Report(new FileImport(pending.Parsed.Name, batch.Cases.Length, batch.Sources.Length, [])
            {
                Duplicates = pending.File.Duplicates.Length, Bytes = pending.Parsed.Bytes,
            });
        }

        // Documents are parsed ahead and cannot see each other's ids anyway (the store refuses a repeated one); manifests,
        // read in turn, can, and a file that defines cases changes what the next may refer to.
        private static bool ChangesContext(List<Pending> group) =>
            group.Any(pending => !pending.File.Batch.Cases.IsEmpty || Importers.IsManifest(pending.Parsed.Name));

        // The context with the cases and sources stored so far and those of the batches given.
        private ImportContext ContextWith(IEnumerable<ImportBatch> batches)
        {
            var pseudonyms = new Dictionary<CaseId, string>(_pseudonyms);
            var sources = _sources.ToHashSet();
            foreach (var batch in batches)
            {
                foreach (var record in batch.Cases)
                {
                    pseudonyms[record.Case.Id] = record.Case.Pseudonym;
                }

                sources.UnionWith(batch.Sources.Select(record => record.Source.Id));
            }

            return _context with { ExistingCases = pseudonyms.Keys.ToHashSet(), ExistingSources = sources, Pseudonyms = pseudonyms };
        }

        private void Failed(Pending pending, UserErrorException conflict)
        {
            _imported.ExceptWith(pending.Claimed);
            Report(new FileImport(pending.Parsed.Name, 0, 0, [new InputError(pending.Parsed.Name, null, conflict.Message)]) { Bytes = pending.Parsed.Bytes });
        }

        private void Report(FileImport outcome)
        {
            _outcomes.Add(outcome);
            _bytesDone += outcome.Bytes;
            _progress?.Report(new ImportProgress(_outcomes.Count, Math.Max(_total.Files, _outcomes.Count), outcome)
            {
                BytesDone = Math.Min(_bytesDone, _total.Bytes), BytesTotal = _total.Bytes,
            });
        }
    }
}

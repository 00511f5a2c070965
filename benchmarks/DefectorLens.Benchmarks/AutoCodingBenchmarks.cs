using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using DefectorLens.Coding;
using DefectorLens.Coding.Evaluation;
using DefectorLens.Coding.Model;
using DefectorLens.Coding.Rules;
using DefectorLens.Core.Model;
using DefectorLens.Interop.Codebooks;
using DefectorLens.Services;

namespace DefectorLens.Benchmarks;

/// <summary>The team's labelled statements, repeated into a corpus of a few megabytes.</summary>
internal static class LabelledCorpus
{
    public const int TargetBytes = 4 << 20;

    public static List<LabelledText> Statements { get; } = Load();

    /// <summary>Statements as paragraphs, in file order, repeated until the corpus reaches <see cref="TargetBytes"/> of UTF-8.</summary>
    public static string Text()
    {
        var builder = new StringBuilder();
        var bytes = 0;
        for (var i = 0; bytes < TargetBytes; i++)
        {
            var text = Statements[i % Statements.Count].Text;
            builder.Append(text).Append('\n');
            bytes += Encoding.UTF8.GetByteCount(text) + 1;
        }

        return builder.ToString();
    }

    private static List<LabelledText> Load()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "data", "labelled", "train.jsonl")))
        {
            directory = directory.Parent;
        }

        var folder = Path.Combine(directory?.FullName ?? throw new InvalidOperationException("data/labelled not found above the benchmark"), "data", "labelled");
        return [.. new[] { "train.jsonl", "heldout.jsonl" }
            .SelectMany(file => File.ReadLines(Path.Combine(folder, file)))
            .Select(line => JsonLine.Parse(line, requireLabels: true).Line!)
            .Select(line => new LabelledText(line.Id!, line.Language, line.Text, [.. line.Labels.Select(label => new CodeId(label))]))];
    }
}

/// <summary>Prints each iteration's CPU time beside its wall time: on a shared machine the wall time includes waiting for a core.</summary>
internal sealed class CpuMeter
{
    private TimeSpan _cpu;
    private long _started;

    public void Start()
    {
        _cpu = Process.GetCurrentProcess().TotalProcessorTime;
        _started = Stopwatch.GetTimestamp();
    }

    public void Stop(string what) => Console.WriteLine(
        $"// cpu {what}: {(Process.GetCurrentProcess().TotalProcessorTime - _cpu).TotalMilliseconds:0} ms of CPU in {Stopwatch.GetElapsedTime(_started).TotalMilliseconds:0} ms, load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}");
}

/// <summary>One short in-process job (the shared machine has two cores): with --inProcess, BenchmarkDotNet would add its long default job.</summary>
/// <remarks>
/// No full collection is forced before each iteration. On this virtual machine a forced collection hands the young
/// generation's memory back, and the next iteration pays page faults to take it again (3 ms of a 27 ms iteration,
/// with five times the spread); a coder reading a project's sources one after another never pays that. Collections
/// that the work itself brings on are still measured.
/// </remarks>
internal sealed class ShortInProcessConfig : ManualConfig
{
    public ShortInProcessConfig()
    {
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(10).WithGcForce(false));
    }
}

/// <summary>The rule coder against one Regex per lexicon entry and against ripgrep, over the same 4 MiB of text, one core.</summary>
[Config(typeof(ShortInProcessConfig))]
public class RuleCoderBenchmarks
{
    private string _text = "";
    private RuleCoder _coder = null!;
    private Regex[] _naive = [];
    private string _folder = "";

    /// <summary>UTF-8 bytes of the corpus, to turn times into MB/s.</summary>
    public static int Bytes { get; private set; }

    [GlobalSetup]
    public void Setup()
    {
        _text = LabelledCorpus.Text();
        Bytes = Encoding.UTF8.GetByteCount(_text);
        var codebook = CodebookFile.Default;
        _coder = new RuleCoder(codebook);
        var rules = codebook.Leaves.SelectMany(code => code.Lexicon).ToList();
        _naive = [.. rules.Select(rule => new Regex(
            @"\b" + string.Join(@"\W+", rule.Pattern.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(word => word.EndsWith('*') ? Regex.Escape(word[..^1]) + @"\w*" : Regex.Escape(word) + @"\b")),
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled))];
        _folder = Directory.CreateTempSubdirectory("dlens-bench-").FullName;
        File.WriteAllText(Path.Combine(_folder, "corpus.txt"), _text);
        File.WriteAllLines(Path.Combine(_folder, "patterns"), rules.Select(rule => rule.Pattern.Replace("*", "", StringComparison.Ordinal)).Distinct());
        Console.WriteLine($"// corpus: {Bytes} UTF-8 bytes, {rules.Count} lexicon rules");

        // The coder reads a text in one call, so the job's few warm-ups would leave its loop in the runtime's first,
        // unoptimised tier, where coding a project's thousands of sources never keeps it: call it until the runtime has
        // recompiled it (after 30 calls, on a background thread), as it has by the second source of a real run.
        for (var i = 0; i < 40; i++)
        {
            _coder.Code(_text, null);
        }

        Thread.Sleep(TimeSpan.FromSeconds(1));
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_folder, recursive: true);

    private readonly CpuMeter _meter = new();

    [IterationSetup]
    public void StartIteration() => _meter.Start();

    [IterationCleanup]
    public void StopIteration() => _meter.Stop("rules");

    [Benchmark(Baseline = true, Description = "rule coder (Aho-Corasick-style word automaton), all languages")]
    public int RuleCoder() => _coder.Code(_text, null).Count;

    [Benchmark(Description = "naive: one Regex per lexicon entry")]
    public int NaiveRegex()
    {
        var count = 0;
        foreach (var regex in _naive)
        {
            count += regex.Count(_text);
        }

        return count;
    }

    [Benchmark(Description = "rg -c -F -f patterns (one thread)")]
    public string Ripgrep()
    {
        var start = new ProcessStartInfo("rg") { RedirectStandardOutput = true, UseShellExecute = false, WorkingDirectory = _folder };
        foreach (var arg in new[] { "-j1", "-c", "-i", "-F", "-f", "patterns", "corpus.txt" })
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return output;
    }
}

/// <summary><c>dlens classify</c>'s pipeline with the default coder (rules + shipped model) over 4 MiB of text as JSON Lines, every core.</summary>
[Config(typeof(ShortInProcessConfig))]
public class ClassifyBenchmarks
{
    private string _input = "";
    private AutoCoder _combined = null!;
    private AutoCoder _rules = null!;

    [GlobalSetup]
    public void Setup()
    {
        var lines = LabelledCorpus.Text().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select((text, i) => $$"""{"id": "{{i}}", "text": {{System.Text.Json.JsonSerializer.Serialize(text)}}}""");
        _input = string.Join('\n', lines);
        _combined = new AutoCoder(CodebookFile.Default, DefaultModel.Model, AutoCoderMode.Combined);
        _rules = new AutoCoder(CodebookFile.Default, null, AutoCoderMode.RulesOnly);
        Console.WriteLine($"// input: {Encoding.UTF8.GetByteCount(_input)} UTF-8 bytes of JSON Lines, {Environment.ProcessorCount} cores");
    }

    private readonly CpuMeter _meter = new();

    [IterationSetup]
    public void StartIteration() => _meter.Start();

    [IterationCleanup]
    public void StopIteration() => _meter.Stop("classify");

    [Benchmark(Baseline = true, Description = "classify, default coder (rules + model)")]
    public Task<long> Combined() => Classification.ClassifyAsync(new StringReader(_input), "bench", TextWriter.Null, _combined, CancellationToken.None);

    [Benchmark(Description = "classify --rules-only")]
    public Task<long> RulesOnly() => Classification.ClassifyAsync(new StringReader(_input), "bench", TextWriter.Null, _rules, CancellationToken.None);
}

/// <summary>Training the model coder on 10,000 segments (5-fold thresholds, ten codes).</summary>
[SimpleJob(launchCount: 1, warmupCount: 0, iterationCount: 2)]
public class TrainingBenchmarks
{
    private List<LabelledText> _items = [];

    [GlobalSetup]
    public void Setup()
    {
        // The statements cycled to 10,000 segments; each copy gets a distinct marker word so that texts are not all repeats.
        var statements = LabelledCorpus.Statements;
        _items = [.. Enumerable.Range(0, 10_000).Select(i =>
        {
            var item = statements[i % statements.Count];
            return item with { Id = $"s{i}", Text = $"{item.Text} (segment {i / statements.Count})" };
        })];
    }

    [Benchmark(Description = "train on 10,000 segments")]
    public TextModel Train() => ModelTraining.Train(_items, CodebookFile.Default, "bench", CancellationToken.None);
}

using BenchmarkDotNet.Attributes;
using DefectorLens.Core.Protection;

namespace DefectorLens.Benchmarks;

/// <summary>What redacting costs for a project of many named people: indexing their names, then redacting paragraphs.</summary>
/// <remarks>
/// 50,000 fictional people (`DLENS_BENCH_NAMES`), each with a full name of transliterated given and family names, as a
/// large project holds them (`quotes`, `counter`, `report` and exports redact with every case's names). The paragraphs
/// are ordinary English narration with one of the names, spelled another way, in every fourth.
/// </remarks>
[Config(typeof(ShortInProcessConfig))]
[MemoryDiagnoser]
public class RedactionBenchmarks
{
    private static readonly string[] Given = ["Abu", "Umm", "Mohammed", "Hamza", "Yusuf", "Khaled", "Omar", "Ali", "Hassan", "Ibrahim", "Karim", "Samir", "Jamal", "Tariq", "Bilal", "Zaid"];
    private static readonly string[] Family = ["al-Britani", "al-Faransi", "Shishani", "al-Almani", "Haddad", "Mansour", "Kassem", "Jaber", "Nasser", "Saleh", "Darwish", "Qureshi", "Habibi", "Othmani"];

    private RedactionSubject[] _subjects = [];
    private string[] _paragraphs = [];
    private Redactor _redactor = null!;

    /// <summary>People named.</summary>
    public static int Names => int.TryParse(Environment.GetEnvironmentVariable("DLENS_BENCH_NAMES"), System.Globalization.CultureInfo.InvariantCulture, out var n) ? n : 50_000;

    [GlobalSetup]
    public void Setup()
    {
        _subjects = [.. Enumerable.Range(0, Names).Select(i => new RedactionSubject(Redactor.NameMarker, [NameOf(i)]))];
        _paragraphs = [.. Enumerable.Range(0, 100).Select(Paragraph)];
        _redactor = Redactor.For(_subjects);
        _redactor.Redact(_paragraphs[0]);
    }

    [Benchmark(Description = "index the names and redact one paragraph")]
    public string Index() => Redactor.For(_subjects).Redact(_paragraphs[1]);

    [Benchmark(Description = "redact 100 paragraphs of about 600 characters")]
    public int Redact() => _paragraphs.Sum(paragraph => _redactor.Redact(paragraph).Length);

    // Unique full names: a given name, a second given name and a family name, with a number where the combinations run out.
    private static string NameOf(int i) =>
        $"{Given[i % Given.Length]} {Given[i / Given.Length % Given.Length]} {Family[i / Given.Length / Given.Length % Family.Length]}" +
        (i >= Given.Length * Given.Length * Family.Length ? $" {i}" : "");

    private static string Paragraph(int i)
    {
        var named = i % 4 == 0 ? NameOf(i * 97 % Names).Replace("Mohammed", "Muhammad", StringComparison.Ordinal).Replace("ou", "u", StringComparison.Ordinal) : "the driver";
        return $"In the spring of {2014 + (i % 3)}, {named} left the town with two others. They walked for three nights, " +
            "slept in an olive grove and crossed the border before dawn, where a smuggler took them to a safe house. " +
            "He said that the checkpoints had become stricter after the summer, that several men had been stopped and " +
            "sent back, and that nobody trusted the emirs any more. Some of the fighters he knew had already left; others " +
            "were afraid of what would happen to their families if they were caught on the road.";
    }
}

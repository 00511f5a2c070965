using System.Globalization;
using System.Text;
using DefectorLens.Core.Model;

namespace DefectorLens.Interop.Import.Generation;

/// <summary>What a generated corpus holds, per format.</summary>
/// <param name="Documents">Documents written, by format folder.</param>
/// <param name="TextBytes">UTF-8 bytes of document text written, by format folder (markup and containers not counted).</param>
public sealed record CorpusSummary(IReadOnlyDictionary<string, int> Documents, IReadOnlyDictionary<string, long> TextBytes);

/// <summary>Writes a corpus of fictional testimonies in every format the importers read, for benchmarks and demonstrations.</summary>
/// <remarks>
/// Text is assembled from sentence templates written for this purpose, with names, places, years and reasons drawn
/// from small lists by a seeded generator, so a corpus is the same on every run. About one document in twenty is a
/// re-publication of an earlier one (another outlet, a new opening line), as wire stories are. Each format has its
/// own folder so that import speed can be measured per format; manifests hold 100 rows, archives 50 entries.
/// </remarks>
public sealed class CorpusGenerator
{
    private const int RowsPerManifest = 100;
    private const int EntriesPerArchive = 50;

    private static readonly (string Format, int Share)[] Mix =
        [("txt", 25), ("md", 15), ("html", 25), ("pdf", 8), ("docx", 12), ("csv", 10), ("zip", 5)];

    private static readonly string[] Names = ["Abu Tariq", "Abu Nuh", "Abu Hamza", "Umm Layla", "Abu Bakr al-Suri", "Abu Musa", "Umm Sara", "Abu Khalid"];
    private static readonly string[] Places = ["Raqqa", "Deir ez-Zor", "Manbij", "al-Bab", "Jarablus", "Tal Abyad", "Mosul", "Idlib"];
    private static readonly string[] Outlets = ["The Daily Courier", "Gazette", "Le Quotidien", "Die Rundschau", "Wire Agency", "Evening Post"];
    private static readonly string[] Origins = ["Tunisia", "Belgium", "France", "Germany", "Saudi Arabia", "Morocco", "the United Kingdom", "Jordan"];

    private static readonly string[] English =
    [
        "{name} {said} he travelled from {origin} to {place} in {year} because he wanted to defend the people against the regime {time}.",
        "\"They promised us a state where everyone was equal,\" {name} {said}, \"but the {leaders} took the best houses for themselves.\"",
        "He described checkpoints on every road out of {place} and smugglers who asked for {money} dollars for a crossing {time}.",
        "According to {name}, {fighters} from {origin} were paid more than local recruits, which caused {feeling} in the ranks.",
        "{time}, the group began executing its own members in {place}, accusing them of spying for other factions.",
        "He {said} the food ran short {time} and that the {fighters} were sent to the front near {place} without training.",
        "His family in {origin} still receives threats, and he fears prosecution if he returns, {name} {said}.",
        "The interview took place in a flat near {place}, and {name} asked that his real name not be published.",
        "Several of his friends were killed in air strikes near {place} {time}, which left him with {feeling}.",
        "He left after he saw the {leaders} order the killing of prisoners who had surrendered, most of them Sunni Muslims.",
        "In {place} the {leaders} lived in confiscated villas while the {fighters} slept on the floor of a school {time}.",
        "{name} {said} that a friend from {origin} had paid {money} dollars to a smuggler and was never heard from again.",
    ];

    private static readonly string[] Said = ["said", "explained", "recalled", "told reporters", "insisted", "remembered", "added", "stressed"];
    private static readonly string[] Leaders = ["commanders", "emirs", "leaders", "officers", "local chiefs", "foreign emirs", "security men"];
    private static readonly string[] Fighters = ["fighters", "recruits", "young men", "foreign volunteers", "local men", "new arrivals", "guards"];
    private static readonly string[] Feelings = ["anger", "bitterness", "resentment", "fear", "quiet despair", "open rage", "deep shame", "suspicion"];
    private static readonly string[] Times =
    [
        "in the winter of {year}", "after the battle for {place}", "during Ramadan", "in the spring of {year}", "that autumn",
        "within weeks of his arrival", "by the end of {year}", "when the air strikes began", "as the front moved closer to {place}",
        "on a Friday in {year}", "soon after the fall of {place}", "before the checkpoints closed",
    ];

    private static readonly string[] French =
    [
        "{name} a expliqué qu'il était parti de {origin} pour {place} en {year} afin de défendre la population contre le régime {quand}.",
        "« On nous avait promis un État juste », a-t-il dit, « mais les {chefs} prenaient les plus belles maisons {quand}. »",
        "Il a décrit des barrages sur toutes les routes autour de {place} et des passeurs qui demandaient {money} dollars {quand}.",
        "Selon {name}, les combattants venus de {origin} étaient mieux payés que les recrues locales, ce qui provoquait {sentiment}.",
        "Sa famille à {origin} reçoit encore des menaces et il craint d'être poursuivi s'il rentre, a raconté {name}.",
        "{quand}, les {chefs} ont fait exécuter des prisonniers à {place}, ce qui a laissé chez lui {sentiment}.",
    ];

    private static readonly string[] German =
    [
        "{name} sagte, er sei {year} aus {origin} nach {place} gereist, um die Menschen gegen das Regime zu verteidigen, {wann}.",
        "„Man hat uns einen gerechten Staat versprochen“, sagte er, „aber die {anführer} nahmen sich die besten Häuser {wann}.“",
        "Er beschrieb Kontrollpunkte auf allen Straßen um {place} und Schleuser, die {money} Dollar verlangten, {wann}.",
        "Nach Angaben von {name} wurden Kämpfer aus {origin} besser bezahlt als die einheimischen Rekruten, was {gefühl} auslöste.",
        "Seine Familie in {origin} wird noch immer bedroht, und er fürchtet eine Anklage, wenn er zurückkehrt, erzählte {name}.",
        "{wann} ließen die {anführer} in {place} Gefangene hinrichten, was bei ihm {gefühl} hinterließ.",
    ];

    private static readonly (string Slot, string[] Values)[] Localised =
    [
        ("{quand}", ["pendant l'hiver {year}", "après la bataille de {place}", "pendant le ramadan", "au printemps {year}", "cet automne-là", "peu après son arrivée", "à la fin de {year}", "quand les frappes ont commencé"]),
        ("{chefs}", ["chefs", "émirs", "commandants", "officiers", "responsables locaux", "émirs étrangers"]),
        ("{sentiment}", ["de la colère", "de l'amertume", "du ressentiment", "de la peur", "un profond désespoir", "de la honte"]),
        ("{wann}", ["im Winter {year}", "nach der Schlacht um {place}", "während des Ramadan", "im Frühjahr {year}", "in jenem Herbst", "kurz nach seiner Ankunft", "Ende {year}", "als die Luftangriffe begannen"]),
        ("{anführer}", ["Kommandeure", "Emire", "Anführer", "Offiziere", "örtlichen Chefs", "ausländischen Emire"]),
        ("{gefühl}", ["Wut", "Verbitterung", "Groll", "Angst", "tiefe Verzweiflung", "Scham"]),
    ];

    private readonly Random _random;
    private readonly List<string> _written = [];
    private readonly Dictionary<string, int> _documents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _textBytes = new(StringComparer.Ordinal);

    private CorpusGenerator(int seed) => _random = new Random(seed);

    /// <summary>Writes <paramref name="count"/> documents of about <paramref name="averageBytes"/> bytes of text each under <paramref name="folder"/>.</summary>
    public static CorpusSummary Write(string folder, int count, int averageBytes = 5000, int seed = 2015, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(averageBytes, 200);
        var generator = new CorpusGenerator(seed);
        generator.WriteAll(folder, count, averageBytes, cancellationToken);
        return new CorpusSummary(generator._documents, generator._textBytes);
    }

    private void WriteAll(string folder, int count, int averageBytes, CancellationToken cancellationToken)
    {
        var total = Mix.Sum(part => part.Share);
        var manifest = new List<string>();
        var archive = new List<(string, byte[])>();
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var format = FormatOf(i * total / Math.Max(count, 1) % total, i);
            var (title, paragraphs) = Document(averageBytes);
            var text = string.Join("\n\n", paragraphs);
            Count(format, Encoding.UTF8.GetByteCount(text));
            var name = string.Create(CultureInfo.InvariantCulture, $"doc-{i:D6}");
            var directory = Path.Combine(folder, format, string.Create(CultureInfo.InvariantCulture, $"{i / 1000:D3}"));
            Directory.CreateDirectory(directory);
            switch (format)
            {
                case "csv":
                    manifest.Add(string.Join(',', name, Csv(title), Csv(Pick(Outlets)), Date(), "news", Csv(text)));
                    if (manifest.Count == RowsPerManifest)
                    {
                        Flush(directory, name, manifest);
                    }

                    break;
                case "zip":
                    archive.Add(($"{name}.txt", Encoding.UTF8.GetBytes($"{title}\n\n{text}")));
                    if (archive.Count == EntriesPerArchive)
                    {
                        File.WriteAllBytes(Path.Combine(directory, name + ".zip"), DocumentWriters.Zip(archive));
                        archive.Clear();
                    }

                    break;
                default:
                    File.WriteAllBytes(Path.Combine(directory, $"{name}.{format}"), Render(format, title, paragraphs));
                    break;
            }
        }

        if (manifest.Count > 0)
        {
            Flush(Path.Combine(folder, "csv"), "rest", manifest);
        }

        if (archive.Count > 0)
        {
            Directory.CreateDirectory(Path.Combine(folder, "zip"));
            File.WriteAllBytes(Path.Combine(folder, "zip", "rest.zip"), DocumentWriters.Zip(archive));
        }
    }

    private static string FormatOf(int slot, int index)
    {
        // Interleave by index so that every format appears early in a small corpus too.
        var position = (slot + (index * 37)) % Mix.Sum(part => part.Share);
        foreach (var (format, share) in Mix)
        {
            if (position < share)
            {
                return format;
            }

            position -= share;
        }

        return Mix[0].Format;
    }

    private byte[] Render(string format, string title, IReadOnlyList<string> paragraphs) => format switch
    {
        "md" => Encoding.UTF8.GetBytes($"---\ntitle: \"{title.Replace("\"", "'", StringComparison.Ordinal)}\"\noutlet: {Pick(Outlets)}\npublished: {Date()}\nmedium: news\n---\n# {title}\n\n{string.Join("\n\n", paragraphs)}\n"),
        "html" => Encoding.UTF8.GetBytes(DocumentWriters.Html(title, "Staff reporter", Date(), Pick(Outlets), paragraphs)),
        "pdf" => DocumentWriters.Pdf(Pages(paragraphs), title),
        "docx" => DocumentWriters.Docx(Interview(title, paragraphs)),
        _ => Encoding.UTF8.GetBytes($"{title}\n\n{string.Join("\n\n", paragraphs)}\n"),
    };

    private (string Title, List<string> Paragraphs) Document(int averageBytes)
    {
        // One in twenty re-publishes an earlier story under a new opening line.
        if (_written.Count > 10 && _random.Next(20) == 0)
        {
            var original = _written[_random.Next(_written.Count)];
            return ($"Republished: {Pick(Names)} speaks", [$"{Pick(Places).ToUpperInvariant()} ({Pick(Outlets)}) —", .. original.Split("\n\n")]);
        }

        var templates = _random.Next(10) switch { 0 => French, 1 => German, _ => English };
        var target = _random.Next(averageBytes / 2, averageBytes * 3 / 2);
        var paragraphs = new List<string>();
        var size = 0;
        while (size < target)
        {
            var paragraph = new StringBuilder();
            for (var count = 0; count < 4; count++)
            {
                var sentence = Fill(Pick(templates));
                paragraph.Append(paragraph.Length > 0 ? " " : "").Append(char.ToUpperInvariant(sentence[0])).Append(sentence.AsSpan(1));
            }

            paragraphs.Add(paragraph.ToString());
            size += paragraph.Length + 2;
        }

        if (_written.Count < 1000)
        {
            _written.Add(string.Join("\n\n", paragraphs));
        }

        return ($"{Pick(Names)} on {Pick(Places)}, {_random.Next(2013, 2017)}", paragraphs);
    }

    private string Fill(string template) => Localised
        .Aggregate(template, (text, slot) => text.Replace(slot.Slot, Pick(slot.Values), StringComparison.Ordinal))
        .Replace("{time}", Pick(Times), StringComparison.Ordinal)
        .Replace("{said}", Pick(Said), StringComparison.Ordinal)
        .Replace("{leaders}", Pick(Leaders), StringComparison.Ordinal)
        .Replace("{fighters}", Pick(Fighters), StringComparison.Ordinal)
        .Replace("{feeling}", Pick(Feelings), StringComparison.Ordinal)
        .Replace("{name}", Pick(Names), StringComparison.Ordinal)
        .Replace("{place}", Pick(Places), StringComparison.Ordinal)
        .Replace("{origin}", Pick(Origins), StringComparison.Ordinal)
        .Replace("{year}", _random.Next(2012, 2017).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{money}", (_random.Next(2, 40) * 100).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private static List<string> Pages(IReadOnlyList<string> paragraphs)
    {
        // About 3,000 characters a page, which fits an A4 page at the writer's line length.
        var pages = new List<string>();
        var page = new StringBuilder();
        foreach (var paragraph in paragraphs)
        {
            if (page.Length > 0 && page.Length + paragraph.Length > 3000)
            {
                pages.Add(page.ToString());
                page.Clear();
            }

            page.Append(page.Length > 0 ? "\n\n" : "").Append(paragraph);
        }

        pages.Add(page.ToString());
        return pages;
    }

    private static List<string> Interview(string title, IReadOnlyList<string> paragraphs) =>
        [title, .. paragraphs.SelectMany((paragraph, i) => new[] { $"Q: Question {i + 1}?", $"A: {paragraph}" })];

    private void Flush(string directory, string name, List<string> rows)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, name + ".csv"), "source,title,outlet,published,medium,text\n" + string.Join('\n', rows) + "\n");
        rows.Clear();
    }

    private void Count(string format, int bytes)
    {
        _documents[format] = _documents.GetValueOrDefault(format) + 1;
        _textBytes[format] = _textBytes.GetValueOrDefault(format) + bytes;
    }

    private string Date() => PartialDate.Of(_random.Next(2014, 2016), _random.Next(1, 13), _random.Next(1, 29)).ToString();

    private static string Csv(string value) => $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private string Pick(string[] values) => values[_random.Next(values.Length)];
}

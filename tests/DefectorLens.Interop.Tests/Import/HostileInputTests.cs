using System.Text;
using CsCheck;
using DefectorLens.Interop.Import;
using DefectorLens.Interop.Import.Generation;

namespace DefectorLens.Interop.Tests.Import;

/// <summary>Importers under hostile input: whatever the bytes, a result or input errors naming the file, never an exception.</summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dlens-hostile-" + Guid.NewGuid().ToString("N"));

    public HostileInputTests() => Directory.CreateDirectory(_directory);

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    // Pieces of the formats, so that random input reaches past the first parse into fields, dates, spans and codes.
    private static readonly string[] JsonPieces =
    [
        "{", "}", "[", "]", ",", ":", "\"case\"", "\"source\"", "\"pseudonym\"", "\"identity\"", "\"name\"", "\"aliases\"", "\"text\"",
        "\"segments\"", "\"start\"", "\"end\"", "\"speaker\"", "\"codings\"", "\"code\"", "\"coder\"", "\"leave.brutality\"",
        "\"c100\"", "\"c1\"", "\"s1\"", "\"2015-02-30\"", "\"2015\"", "-1", "0", "1e309", "99999999999", "null", "true", "\"\\u0000\"",
        "\"\\ud800\"", "\"أبو\"", "\n", "\r\n", " ", "\"attributes\"", "\"consent\"", "\"public_anonymous\"", "\"published\"",
    ];

    private static readonly string[] MarkdownPieces =
    [
        "---\n", "title: ", "case: ", "cases: [c100, c1]", "source: s1", "date: 2015-13-45", "language: ar", "medium: interview",
        "\n", ": ", "- ", "{", "}", "[", "]", "\"", "'", "&a [*a, *a]", "!!binary", "<<: *x", "# heading\n", "Abu Tariq: ",
        "They executed him.", "\u202e", "\0", "\ufeff", "..\\..\\etc\\passwd", "../../etc/passwd", "%YAML 1.2\n",
    ];

    private static Gen<string> Pieces(string[] pieces) => Gen.Int[0, pieces.Length - 1].Select(i => pieces[i]).Array[0, 60].Select(string.Concat);

    private void ShouldReturnAResultOrErrorsNamingTheFile(string extension, byte[] content)
    {
        var path = Path.Combine(_directory, "input" + extension);
        File.WriteAllBytes(path, content);

        var result = Importers.Read(path, TestCodebooks.Context, default);

        if (!result.Succeeded)
        {
            result.Errors.ShouldAllBe(error => error.File == path);
        }
    }

    [Theory]
    [InlineData(".jsonl")]
    [InlineData(".md")]
    [InlineData(".txt")]
    public void Random_bytes_give_a_result_or_input_errors(string extension) =>
        Gen.Byte.Array[0, 3000].Sample(bytes => ShouldReturnAResultOrErrorsNamingTheFile(extension, bytes), iter: 300, threads: 1);

    [Fact]
    public void Random_json_lines_built_from_the_formats_own_words_give_a_result_or_input_errors() =>
        Pieces(JsonPieces).Sample(text => ShouldReturnAResultOrErrorsNamingTheFile(".jsonl", Encoding.UTF8.GetBytes(text)), iter: 1000, threads: 1);

    [Fact]
    public void Random_markdown_with_front_matter_gives_a_result_or_input_errors() =>
        Pieces(MarkdownPieces).Sample(text => ShouldReturnAResultOrErrorsNamingTheFile(".md", Encoding.UTF8.GetBytes(text)), iter: 1000, threads: 1);

    [Fact]
    public void Random_unicode_text_including_lone_surrogates_gives_a_result_or_input_errors() =>
        Gen.String[Gen.Char, 0, 2000].Sample(text => ShouldReturnAResultOrErrorsNamingTheFile(".txt", Encoding.Unicode.GetBytes(text)), iter: 300, threads: 1);

    [Theory]
    [InlineData(".html")]
    [InlineData(".pdf")]
    [InlineData(".docx")]
    [InlineData(".csv")]
    [InlineData(".tsv")]
    [InlineData(".qdpx")]
    public void Random_bytes_in_the_document_formats_give_a_result_or_input_errors(string extension) =>
        Gen.Byte.Array[0, 3000].Sample(bytes => ShouldReturnAResultOrErrorsNamingTheFile(extension, bytes), iter: 200, threads: 1);

    // Valid documents with a few bytes changed reach past the format's signature into the parser itself.
    public static TheoryData<string> ValidDocuments => new() { ".pdf", ".docx", ".html" };

    [Theory]
    [MemberData(nameof(ValidDocuments))]
    public void A_valid_document_with_random_bytes_changed_gives_a_result_or_input_errors(string extension)
    {
        var original = extension switch
        {
            ".pdf" => DocumentWriters.Pdf(["They executed a shepherd in the square.", "Then I paid a smuggler to cross."], "Testimony"),
            ".docx" => DocumentWriters.Docx(["Q: Why did you leave?", "A: The emirs had cars while we starved."], "Interview"),
            _ => Encoding.UTF8.GetBytes(DocumentWriters.Html("Leaving", "A. Reporter", "2015-03-02", "Levant Observer", ["He said the brothers fought other rebels.", "Nobody fought the regime."])),
        };
        var changes = Gen.Select(Gen.Int[0, original.Length - 1], Gen.Byte).Array[1, 8];

        changes.Sample(edits =>
        {
            var mutated = (byte[])original.Clone();
            foreach (var (position, value) in edits)
            {
                mutated[position] = value;
            }

            ShouldReturnAResultOrErrorsNamingTheFile(extension, mutated);
        }, iter: 150, threads: 1);
    }
}

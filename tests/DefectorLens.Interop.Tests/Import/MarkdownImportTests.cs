using System.Security.Cryptography;
using System.Text;
using DefectorLens.Core.Model;
using DefectorLens.Interop.Import;

namespace DefectorLens.Interop.Tests.Import;

public sealed class MarkdownImportTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private static ImportResult Read(string path) => Importers.Read(path, TestCodebooks.Context, CancellationToken.None);

    [Fact]
    public void Front_matter_gives_the_source_its_id_metadata_and_cases()
    {
        const string markdown = """
            ---
            source: s-interview-7
            title: "Interview: a former fighter"
            outlet: The Daily Ledger
            author: A. Writer
            url: https://example.org/7
            published: 2015-03-02
            language: fr
            medium: interview
            cases: [c100]
            ---

            # Heading that is not the title

            He said: *I left* because of the executions.

            """;
        var path = _directory.Write("notes.md", markdown);

        var result = Read(path);

        result.Errors.ShouldBeEmpty();
        var record = result.Batch.Sources.ShouldHaveSingleItem();
        var source = record.Source;
        source.Id.ShouldBe(new SourceId("s-interview-7"));
        source.Metadata.ShouldBe(new SourceMetadata
        {
            Title = "Interview: a former fighter",
            Outlet = "The Daily Ledger",
            Author = "A. Writer",
            Url = "https://example.org/7",
            Published = PartialDate.Of(2015, 3, 2),
            Language = "fr",
            Medium = Medium.Interview,
        });
        source.Cases.ShouldBe([new CaseId("c100")]);
        source.Text.ShouldBe("# Heading that is not the title\n\nHe said: *I left* because of the executions.");
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(markdown)));
        source.ContentHash.ShouldBe(hash);
        record.Original!.ContentHash.ShouldBe(hash);
        record.Original.FileName.ShouldBe("notes.md");
    }

    [Fact]
    public void Without_front_matter_the_id_comes_from_the_file_name_and_the_title_from_the_first_heading()
    {
        const string markdown = "Intro line.\n\n#hashtag is not a heading\n\n## The *real* title ##\n\nBody.\n";
        var path = _directory.Write("Field notes 3.markdown", markdown);

        var result = Read(path);

        result.Errors.ShouldBeEmpty();
        var source = result.Batch.Sources.Single().Source;
        source.Id.ShouldBe(new SourceId("Field-notes-3"));
        source.Metadata.ShouldBe(new SourceMetadata { Title = "The *real* title", Medium = Medium.Other });
        source.Text.ShouldBe(markdown.Trim());
        source.Cases.ShouldBeEmpty();
    }

    [Fact]
    public void Without_a_heading_the_title_is_the_file_name()
    {
        var path = _directory.Write("field-notes.md", "---\nmedium: report\n---\nJust text.");

        var source = Read(path).Batch.Sources.Single().Source;

        source.Metadata.Title.ShouldBe("field-notes");
        source.Metadata.Medium.ShouldBe(Medium.Report);
        source.Text.ShouldBe("Just text.");
    }

    [Fact]
    public void A_single_case_may_be_written_without_a_list()
    {
        var path = _directory.Write("one.md", "---\ncases: c100\n---\nText.");

        Read(path).Batch.Sources.Single().Source.Cases.ShouldBe([new CaseId("c100")]);
    }

    public static TheoryData<string, int?, string> BadDocuments => new()
    {
        { "---\ntitle: T\nText without a closing fence.", 1, "front matter has no closing '---' line" },
        { "---\ntitle: [unclosed\n---\nText.", 3, "not valid YAML: While parsing a flow sequence, did not find expected ',' or ']'." },
        { "---\n- a list\n---\nText.", 2, "front matter must be a mapping (source, title, outlet, author, url, published, language, medium, cases)" },
        { "---\ntitle: T\ntags: [a]\n---\nText.", 3, "unknown front matter key 'tags' (expected source, title, outlet, author, url, published, language, medium, cases)" },
        { "---\ntitle: [a, b]\n---\nText.", 2, "'title' must be a text value" },
        { "---\nsource: s 1\n---\nText.", 2, "source id 's 1' is not valid (expected 1 to 100 letters, digits, '-', '_' or '.')" },
        { "---\nsource: s100\n---\nText.", 2, "source 's100' already exists in the project" },
        { "---\npublished: March 2015\n---\nText.", 2, "date 'March 2015' is not a date (expected yyyy, yyyy-MM or yyyy-MM-dd)" },
        { "---\nlanguage: french\n---\nText.", 2, "language 'french' is not an ISO 639-1 code (expected two letters such as en, ar, fr, de)" },
        { "---\nmedium: blog\n---\nText.", 2, "medium 'blog' is not known (expected one of: other, news, interview, video, audio, court_record, social_media, report)" },
        { "---\ncases:\n  - c100\n  - c404\n---\nText.", 4, "case 'c404' is not in the project (import its case first)" },
        { "---\ncases:\n  - [c100]\n---\nText.", 3, "'cases' must be a list of text values" },
        { "---\ntitle: T\n---\n\n   \n", null, "no text" },
        { "---\ntitle: T\ntitle: U\n---\nText.", 3, "key 'title' appears more than once" },
    };

    [Theory]
    [MemberData(nameof(BadDocuments))]
    public void A_bad_markdown_document_is_refused_with_the_line_and_reason(string markdown, int? line, string reason)
    {
        var path = _directory.Write("doc.md", markdown);

        var result = Read(path);

        result.Errors.Select(error => (error.File, error.Line, error.Reason)).ShouldBe([(path, line, reason)]);
        result.Batch.IsEmpty.ShouldBeTrue();
    }
}

using System.Security.Cryptography;
using System.Text;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using DefectorLens.Interop.Import;

namespace DefectorLens.Interop.Tests.Import;

public sealed class JsonLinesImportTests : IDisposable
{
    private const string FullCase =
        """{"case": "c001", "pseudonym": " Abu Tariq ", "attributes": {"gender": "male", "age_at_joining": 23, "nationality": "Syrian", "residence": "Syria", "group": "Islamic State", "role": "fighter", "joined": "2013-06", "defected": "2014-11-03", "legal_status": "at_large", "consent": "public_anonymous", "education": "secondary", "siblings": 3, "married": true}, "identity": {"name": "Real Name", "aliases": ["Alias One", "Alias Two"], "contact": "+00 000", "location": "Somewhere", "notes": "private"}}""";

    private const string PlainCase = """{"case": "c002", "pseudonym": "Umm Salma"}""";

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private ImportResult Import(string fileName, string content, ImportContext? context = null) =>
        Importers.Read(_directory.Write(fileName, content), context ?? TestCodebooks.Context, CancellationToken.None);

    [Fact]
    public void Cases_are_imported_with_every_attribute_and_their_identity_kept_apart()
    {
        var result = Import("cases.jsonl", FullCase + "\n" + PlainCase + "\n");

        result.Errors.ShouldBeEmpty();
        result.Succeeded.ShouldBeTrue();
        result.Batch.Sources.ShouldBeEmpty();
        result.Batch.Cases.Length.ShouldBe(2);
        var (full, identity) = (result.Batch.Cases[0].Case, result.Batch.Cases[0].Identity!);
        full.Id.ShouldBe(new CaseId("c001"));
        full.Pseudonym.ShouldBe("Abu Tariq");
        var attributes = full.Attributes;
        attributes.Gender.ShouldBe("male");
        attributes.AgeAtJoining.ShouldBe(23);
        attributes.Nationality.ShouldBe("Syrian");
        attributes.CountryOfResidence.ShouldBe("Syria");
        attributes.Group.ShouldBe("Islamic State");
        attributes.Role.ShouldBe("fighter");
        attributes.Joined.ShouldBe(PartialDate.Of(2013, 6));
        attributes.Defected.ShouldBe(PartialDate.Of(2014, 11, 3));
        attributes.LegalStatus.ShouldBe(LegalStatus.AtLarge);
        attributes.Consent.ShouldBe(ConsentLevel.PublicAnonymous);
        attributes.Extra.ShouldBe(new Dictionary<string, string> { ["education"] = "secondary", ["married"] = "true", ["siblings"] = "3" });
        identity.CaseId.ShouldBe(new CaseId("c001"));
        identity.RealName.ShouldBe("Real Name");
        identity.Aliases.ShouldBe(["Alias One", "Alias Two"]);
        identity.Contact.ShouldBe("+00 000");
        identity.ExactLocation.ShouldBe("Somewhere");
        identity.Notes.ShouldBe("private");
    }

    [Fact]
    public void A_case_without_attributes_or_identity_gets_the_defaults()
    {
        var result = Import("cases.jsonl", PlainCase);

        var record = result.Batch.Cases.ShouldHaveSingleItem();
        record.Identity.ShouldBeNull();
        record.Case.Attributes.LegalStatus.ShouldBe(LegalStatus.Unknown);
        record.Case.Attributes.Consent.ShouldBe(ConsentLevel.None);
        record.Case.Attributes.Extra.ShouldBeEmpty();
    }

    [Fact]
    public void A_source_is_imported_with_segments_and_codings_by_a_person_and_a_rule_set()
    {
        const string text = "He said: I left because of the executions. Then he fell silent.";
        var line = $$"""
            {"source": "s001", "title": "An interview", "outlet": "The Daily Ledger", "author": "A. Writer", "url": "https://example.org/1", "published": "2015-03", "language": "EN", "medium": "interview", "cases": ["c100"], "text": "{{text}}", "segments": [{"start": 9, "end": 42, "speaker": "c100", "codings": [{"code": "leave.brutality", "coder": "analyst-a"}, {"code": "leave.brutality", "coder": "lexicon", "coder_kind": "rules", "coder_version": 3, "confidence": 0.75, "explanation": "en:\"execut*\""}]}, {"start": 43, "end": 63, "speaker": null}]}
            """;

        var result = Import("sources.jsonl", line);

        result.Errors.ShouldBeEmpty();
        var record = result.Batch.Sources.ShouldHaveSingleItem();
        var source = record.Source;
        source.Id.ShouldBe(new SourceId("s001"));
        source.Metadata.ShouldBe(new SourceMetadata
        {
            Title = "An interview",
            Outlet = "The Daily Ledger",
            Author = "A. Writer",
            Url = "https://example.org/1",
            Published = PartialDate.Of(2015, 3),
            Language = "en",
            Medium = Medium.Interview,
        });
        source.Cases.ShouldBe([new CaseId("c100")]);
        source.Text.ShouldBe(text);
        record.Original.ShouldBeNull();
        record.Segments.Length.ShouldBe(2);
        var quote = record.Segments[0];
        (quote.Start, quote.End, quote.Speaker).ShouldBe((9, 42, (CaseId?)new CaseId("c100")));
        text[quote.Start..quote.End].ShouldBe("I left because of the executions.");
        quote.Codings.ShouldBe(
        [
            new CodingDraft(new CodeId("leave.brutality"), new Coder("analyst-a", CoderKind.Person, "1"), "2.0", null, null),
            new CodingDraft(new CodeId("leave.brutality"), new Coder("lexicon", CoderKind.Rules, "3"), "2.0", 0.75, "en:\"execut*\""),
        ]);
        record.Segments[1].Speaker.ShouldBeNull();
        record.Segments[1].Codings.ShouldBeEmpty();
    }

    [Fact]
    public void Source_text_is_stored_in_NFC_and_segment_offsets_count_the_normalised_text()
    {
        // "Cafe\u0301" is five code units as written and four once composed to "Café".
        const string line = """{"source": "s002", "title": "Accents", "text": "Cafe\u0301 talk", "segments": [{"start": 0, "end": 9}]}""";

        var result = Import("sources.jsonl", line);

        result.Errors.ShouldBeEmpty();
        var source = result.Batch.Sources.Single().Source;
        source.Text.ShouldBe("Café talk");
        source.Text.IsNormalized(NormalizationForm.FormC).ShouldBeTrue();
        source.ContentHash.ShouldBe(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("Café talk"))));
    }

    [Fact]
    public void A_segment_that_fits_only_the_text_as_written_before_normalisation_is_refused()
    {
        const string line = """{"source": "s002", "title": "Accents", "text": "Cafe\u0301 talk", "segments": [{"start": 0, "end": 10}]}""";

        var result = Import("sources.jsonl", line);

        result.Errors.Select(error => error.Reason).ShouldBe(["segment 1: span [0, 10) is outside the text (0 to 9)"]);
    }

    [Fact]
    public void A_file_may_mix_cases_and_sources_and_a_source_may_name_a_case_defined_further_down()
    {
        const string content = """
            {"source": "s001", "title": "T", "text": "Some text.", "cases": ["c002", "c100"], "segments": [{"start": 0, "end": 4, "speaker": "c002"}]}

            {"case": "c002", "pseudonym": "Umm Salma"}
            """;

        var result = Import("mixed.jsonl", content);

        result.Errors.ShouldBeEmpty();
        result.Batch.Cases.Select(record => record.Case.Id).ShouldBe([new CaseId("c002")]);
        result.Batch.Sources.Single().Source.Cases.ShouldBe([new CaseId("c002"), new CaseId("c100")]);
    }

    [Fact]
    public void Blank_lines_windows_line_ends_and_a_byte_order_mark_are_accepted_and_lines_are_counted_as_written()
    {
        var content = "\r\n" + PlainCase + "\r\n   \r\n{\"case\": \"c003\", \"pseudonym\": \" \"}\r\n";
        var path = _directory.WriteBytes("cases.jsonl", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(content)]);

        var result = Importers.Read(path, TestCodebooks.Context, CancellationToken.None);

        result.Errors.Select(error => error.ToString()).ShouldBe([$"{path} line 4: field 'pseudonym' must not be empty"]);
    }

    [Fact]
    public void Every_bad_line_is_reported_in_line_order_and_nothing_of_the_file_is_kept()
    {
        const string content = """
            {"source": "s001", "title": "T", "text": "Text.", "cases": ["c404"]}
            {"case": "c001", "pseudonym": "A"}
            {"case": "c002", "pseudonym": "B", "attributes": {"joined": "June 2014"}}
            {"case": "c003", "pseudonym": "C"}
            not json
            """;

        var result = Import("mixed.jsonl", content);

        result.Succeeded.ShouldBeFalse();
        result.Batch.IsEmpty.ShouldBeTrue();
        result.Batch.Cases.ShouldBeEmpty();
        result.Batch.Sources.ShouldBeEmpty();
        result.Errors.Select(error => (error.Line, error.Reason)).ShouldBe(
        [
            (1, "case 'c404' is neither in the project nor in this file"),
            (3, "date 'June 2014' is not a date (expected yyyy, yyyy-MM or yyyy-MM-dd)"),
            (5, "not valid JSON: '…' is an invalid JSON literal. Expected the literal 'null' (column 2)"),
        ]);
    }

    [Fact]
    public void After_a_hundred_errors_the_rest_are_counted_in_one_entry()
    {
        var content = string.Join("\n", Enumerable.Range(1, 150).Select(i => $$"""{"case": "x{{i}}", "pseudonym": ""}"""));

        var result = Import("cases.jsonl", content);

        result.Errors.Count.ShouldBe(101);
        result.Errors[99].Line.ShouldBe(100);
        result.Errors[100].ShouldBe(new Core.InputError(result.Errors[0].File, null, "… 50 more errors"));
        result.Batch.IsEmpty.ShouldBeTrue();
    }

    [Fact]
    public void No_error_message_repeats_an_identity_value()
    {
        const string content = """
            {"case": "c001", "pseudonym": "A", "identity": {"name": ["Secret Name"], "aliases": "Secret Alias", "contact": 12345, "passport": "Secret Passport"}}
            {"case": "c002", "pseudonym": "B", "identity": {"name": Secret Unquoted}}
            {"case": "c003", "pseudonym": "C", "identity": {"name": "Secret Name", "aliases": ["Secret Alias", 7]}}
            {"case": "c004", "pseudonym": "D", "identity": {"name": "Secret\u0000Name" "location": "x"}}
            {"case": "c005", "pseudonym": "E", "identity": {"name": tru}}
            """;

        var result = Import("cases.jsonl", content);

        result.Errors.Select(error => (error.Line, error.Reason)).ShouldBe(
        [
            (1, "unknown identity field 'passport' (expected name, aliases, contact, location, notes)"),
            (1, "identity field 'name' must be a string"),
            (1, "identity field 'aliases' must be an array of strings"),
            (1, "identity field 'contact' must be a string"),
            (2, "not valid JSON: '…' is an invalid start of a value (column 57)"),
            (3, "identity field 'aliases' must be an array of strings"),
            (4, "not valid JSON: '\"' is invalid after a value. Expected either ',', '}', or ']' (column 76)"),
            (5, "not valid JSON: '…' is an invalid JSON literal. Expected the literal 'true' (column 60)"),
        ]);
        result.Errors.ShouldAllBe(error => !error.ToString().Contains("Secret", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Importing_stops_when_cancelled()
    {
        var path = _directory.Write("cases.jsonl", PlainCase);
        using var cancellation = new CancellationTokenSource();
        cancellation.Cancel();

        Should.Throw<OperationCanceledException>(() => Importers.Read(path, TestCodebooks.Context, cancellation.Token));
    }
}

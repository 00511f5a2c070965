using DefectorLens.Core.Model;
using DefectorLens.Interop.Qdpx;

namespace DefectorLens.Interop.Tests.Qdpx;

/// <summary>Hand-written project.qde files in the shapes NVivo, ATLAS.ti, MAXQDA and QualCoder write (original content).</summary>
public sealed class QdpxOtherToolsTests
{
    // An emoji before the coded words: NVivo counts it as two positions, the others as one.
    private const string Interview = "Q: Why? \U0001F622 A: The emirs lived well. They beat a boy to death.";

    private const string NvivoQde = """
        <?xml version="1.0" encoding="utf-8"?>
        <Project xmlns="urn:QDA-XML:project:1.0" name="Exit study" origin="NVivo 14.23.0" creatingUserGUID="a1a1a1a1-0000-4000-8000-000000000001">
          <Users><User guid="a1a1a1a1-0000-4000-8000-000000000001" name="Dana R" /></Users>
          <CodeBook><Codes>
            <Code guid="c0000000-0000-4000-8000-000000000001" name="Reasons for leaving" isCodable="true">
              <Description>Why people say they left.</Description>
              <Code guid="c0000000-0000-4000-8000-000000000002" name="Violence" isCodable="true" />
              <Code guid="c0000000-0000-4000-8000-000000000003" name="Corruption" isCodable="true" />
            </Code>
          </Codes></CodeBook>
          <Variables><Variable guid="d0000000-0000-4000-8000-000000000001" name="Gender" typeOfVariable="Text" /></Variables>
          <Cases>
            <Case guid="e0000000-0000-4000-8000-000000000001" name="Respondent 7">
              <VariableValue><VariableRef targetGUID="d0000000-0000-4000-8000-000000000001" /><TextValue>female</TextValue></VariableValue>
              <SourceRef targetGUID="f0000000-0000-4000-8000-000000000001" />
            </Case>
          </Cases>
          <Sources>
            <TextSource guid="f0000000-0000-4000-8000-000000000001" name="Interview 7" plainTextPath="internal://f0000000-0000-4000-8000-000000000001.txt" richTextPath="internal://f0000000-0000-4000-8000-000000000001.docx">
              <PlainTextSelection guid="90000000-0000-4000-8000-000000000001" name="emirs" startPosition="14" endPosition="35" creatingUser="a1a1a1a1-0000-4000-8000-000000000001">
                <Coding guid="80000000-0000-4000-8000-000000000001" creatingUser="a1a1a1a1-0000-4000-8000-000000000001"><CodeRef targetGUID="c0000000-0000-4000-8000-000000000003" /></Coding>
              </PlainTextSelection>
              <PlainTextSelection guid="90000000-0000-4000-8000-000000000002" name="beat" startPosition="36" endPosition="61" creatingUser="a1a1a1a1-0000-4000-8000-000000000001">
                <Coding guid="80000000-0000-4000-8000-000000000002" creatingUser="a1a1a1a1-0000-4000-8000-000000000001"><CodeRef targetGUID="c0000000-0000-4000-8000-000000000002" /></Coding>
              </PlainTextSelection>
            </TextSource>
          </Sources>
        </Project>
        """;

    [Fact]
    public async Task An_NVivo_project_comes_in_with_its_nested_codes_as_a_new_codebook_and_positions_counted_in_UTF16_units()
    {
        await using var projects = new QdpxProjects();
        var store = await projects.CreateAsync("target");
        var archive = Archives.Zip(("project.qde", NvivoQde), ("Sources/f0000000-0000-4000-8000-000000000001.txt", Interview));

        var result = await Archives.ImportAsync(store, "nvivo.qdpx", archive);

        result.Errors.ShouldBeEmpty();
        var codebook = await store.GetCodebookAsync(default);
        codebook.Codes.Select(code => (code.Id.Value, code.Name, code.Colour)).ShouldBe(
        [
            ("reasons-for-leaving", "Reasons for leaving", null), ("reasons-for-leaving.violence", "Violence", null),
            ("reasons-for-leaving.corruption", "Corruption", null),
        ]);
        codebook.Codes[0].Definition.ShouldBe("Why people say they left.");
        var source = (await store.GetSourceAsync(new SourceId("interview-7"), default))!;
        source.Cases.ShouldBe([new CaseId("respondent-7")]);
        var codings = await store.GetCodingsAsync(source.Id, default);
        var segments = await Archives.SegmentsAsync(store, "interview-7");
        segments.Select(segment => source.Text[segment.Start..segment.End]).ShouldBe(["The emirs lived well.", "They beat a boy to death."]);
        codings.Select(coding => (coding.Code.Value, coding.Coder.ToString())).ShouldBe(
            [("reasons-for-leaving.corruption", "Dana R (person 1)"), ("reasons-for-leaving.violence", "Dana R (person 1)")]);
        (await store.GetCasesAsync(default)).Single().Attributes.Gender.ShouldBe("female");
    }

    [Fact]
    public async Task With_a_map_an_NVivo_project_codes_with_the_projects_own_codebook()
    {
        await using var projects = new QdpxProjects();
        var store = await projects.CreateAsync("target");
        var before = await store.GetCodebookAsync(default);
        var archive = Archives.Zip(("project.qde", NvivoQde), ("Sources/f0000000-0000-4000-8000-000000000001.txt", Interview));
        var map = CodeMap.Of([new("Violence", "leave.brutality"), new("c0000000-0000-4000-8000-000000000003", "leave.corruption")], "codes.yaml");

        var result = await Archives.ImportAsync(store, "nvivo.qdpx", archive, map);

        result.Errors.ShouldBeEmpty();
        result.Batch.Codebook.ShouldBeNull();
        DefectorLens.Interop.Codebooks.CodebookFile.ToYaml(await store.GetCodebookAsync(default)).ShouldBe(DefectorLens.Interop.Codebooks.CodebookFile.ToYaml(before));
        (await store.GetCodingsAsync(new SourceId("interview-7"), default)).Select(coding => coding.Code.Value)
            .ShouldBe(["leave.corruption", "leave.brutality"]);
    }

    [Fact]
    public async Task With_a_map_that_leaves_an_applied_code_unmapped_nothing_is_imported_and_the_codes_are_listed()
    {
        await using var projects = new QdpxProjects();
        var store = await projects.CreateAsync("target");
        var archive = Archives.Zip(("project.qde", NvivoQde), ("Sources/f0000000-0000-4000-8000-000000000001.txt", Interview));
        var map = CodeMap.Of([new("Violence", "leave.brutality")], "codes.yaml");

        var result = await Archives.ReadAsync(store, "nvivo.qdpx", archive, map);

        result.Errors.Select(error => error.ToString()).ShouldBe(
        [
            $"nvivo.qdpx/project.qde: codes applied in the file are neither in codebook {Label(await store.GetCodebookAsync(default))} nor in the map: 'Corruption' (c0000000-0000-4000-8000-000000000003) " +
            "(add them to the map, or import without --map to take the file's codebook as a new version)",
        ]);
    }

    [Fact]
    public async Task A_map_onto_a_category_is_refused()
    {
        await using var projects = new QdpxProjects();
        var store = await projects.CreateAsync("target");
        var archive = Archives.Zip(("project.qde", NvivoQde), ("Sources/f0000000-0000-4000-8000-000000000001.txt", Interview));
        var map = CodeMap.Of([new("Violence", "leave"), new("Corruption", "leave.corruption")], "codes.yaml");

        var result = await Archives.ReadAsync(store, "nvivo.qdpx", archive, map);

        result.Errors.Select(error => error.ToString()).ShouldBe(
            [$"codes.yaml: 'Violence' is mapped to 'leave', which is not a code that can be applied in codebook {Label(await store.GetCodebookAsync(default))}"]);
    }

    private static string Label(Core.Codebooks.Codebook codebook) => $"{codebook.Id} {codebook.Version}";

    [Fact]
    public async Task An_ATLAS_ti_project_with_braced_upper_case_guids_inline_text_colours_and_notes_comes_in_whole()
    {
        const string qde = """
            <?xml version="1.0" encoding="utf-8"?>
            <Project xmlns="urn:QDA-XML:project:1.0" name="Hermeneutic unit" origin="ATLAS.ti 23.2">
              <Users><User guid="{0A0A0A0A-0000-4000-8000-000000000001}" name="Coder One" /></Users>
              <CodeBook><Codes>
                <Code guid="{0C0C0C0C-0000-4000-8000-000000000001}" name="Executions" isCodable="true" color="#FF0000" />
              </Codes></CodeBook>
              <Sources>
                <TextSource guid="{0F0F0F0F-0000-4000-8000-000000000001}" name="D1: Interview">
                  <PlainTextContent>Q: Why? 😢 A: The emirs lived well. They beat a boy to death.</PlainTextContent>
                  <PlainTextSelection guid="{09090909-0000-4000-8000-000000000001}" startPosition="35" endPosition="60" creatingUser="{0A0A0A0A-0000-4000-8000-000000000001}">
                    <Coding guid="{08080808-0000-4000-8000-000000000001}"><CodeRef targetGUID="{0C0C0C0C-0000-4000-8000-000000000001}" /></Coding>
                  </PlainTextSelection>
                  <NoteRef targetGUID="{07070707-0000-4000-8000-000000000001}" />
                </TextSource>
              </Sources>
              <Notes>
                <Note guid="{07070707-0000-4000-8000-000000000001}" name="Memo" creatingUser="{0A0A0A0A-0000-4000-8000-000000000001}" creationDateTime="2023-04-05T06:07:08Z">
                  <PlainTextContent>Check the date of the beating.</PlainTextContent>
                </Note>
              </Notes>
            </Project>
            """;
        await using var projects = new QdpxProjects();
        var store = await projects.CreateAsync("target");

        var result = await Archives.ImportAsync(store, "atlas.qdpx", Archives.Zip(("project.qde", qde)));

        result.Errors.ShouldBeEmpty();
        var source = (await store.GetSourceAsync(new SourceId("d1-interview"), default))!;
        var segment = (await Archives.SegmentsAsync(store, "d1-interview")).Single();
        source.Text[segment.Start..segment.End].ShouldBe("They beat a boy to death.");
        (await store.GetCodebookAsync(default)).Codes.Single().ShouldSatisfyAllConditions(
            code => code.Id.Value.ShouldBe("executions"), code => code.Colour.ShouldBe("#ff0000"));
        (await store.GetCodingsAsync(source.Id, default)).Single().Coder.ShouldBe(Coder.Person("Coder One"));
        (await store.GetMemosAsync(default)).Single().ShouldBe(
            new Memo(MemoTarget.Source, "d1-interview", "Coder One", "Check the date of the beating.", new DateTimeOffset(2023, 4, 5, 6, 7, 8, TimeSpan.Zero)));
    }

    [Fact]
    public async Task A_MAXQDA_project_with_a_document_coded_whole_source_variables_and_a_PDF_comes_in_with_its_code_matched_by_name_and_a_warning_for_the_PDF()
    {
        const string qde = """
            <?xml version="1.0" encoding="utf-8"?>
            <Project xmlns="urn:QDA-XML:project:1.0" name="Project" origin="MAXQDA 2022 (Release 22.7.0)">
              <CodeBook><Codes>
                <Code guid="1C1C1C1C-0000-4000-8000-000000000001" name="Prosecution" isCodable="true" color="#0A0" />
              </Codes></CodeBook>
              <Variables><Variable guid="1D1D1D1D-0000-4000-8000-000000000001" name="author" typeOfVariable="Text" /></Variables>
              <Sources>
                <TextSource guid="1F1F1F1F-0000-4000-8000-000000000001" name="Court record" plainTextPath="internal://1F1F1F1F-0000-4000-8000-000000000001.txt">
                  <Coding guid="18181818-0000-4000-8000-000000000001"><CodeRef targetGUID="1C1C1C1C-0000-4000-8000-000000000001" /></Coding>
                  <VariableValue><VariableRef targetGUID="1D1D1D1D-0000-4000-8000-000000000001" /><TextValue>Court clerk</TextValue></VariableValue>
                </TextSource>
                <PDFSource guid="1E1E1E1E-0000-4000-8000-000000000001" name="Scan" path="internal://1E1E1E1E-0000-4000-8000-000000000001.pdf" />
              </Sources>
            </Project>
            """;
        await using var projects = new QdpxProjects();
        var store = await projects.CreateAsync("target");
        var archive = Archives.Zip(("project.qde", qde), ("sources/1F1F1F1F-0000-4000-8000-000000000001.txt", "He was sentenced to five years."));

        var result = await Archives.ImportAsync(store, "maxqda.qdpx", archive);

        result.Errors.ShouldBeEmpty();
        result.Warnings.Select(warning => warning.ToString()).ShouldBe(
            ["maxqda.qdpx/project.qde line 12: PDFSource 'Scan' is not a text source; skipped (only text sources and their selections are imported)"]);
        var source = (await store.GetSourceAsync(new SourceId("court-record"), default))!;
        source.Metadata.Author.ShouldBe("Court clerk");
        (await Archives.SegmentsAsync(store, "court-record")).Select(segment => (segment.Start, segment.End)).ShouldBe([(0, source.Text.Length)]);
        result.Batch.Codebook.ShouldBeNull();
        (await store.GetCodingsAsync(source.Id, default)).Single().ShouldSatisfyAllConditions(
            coding => coding.Code.Value.ShouldBe("risk.prosecution"), coding => coding.Coder.ShouldBe(Coder.Person("unattributed")));
    }

    [Fact]
    public async Task A_QualCoder_project_with_categories_case_variables_speakers_and_an_external_text_comes_in_whole()
    {
        const string qde = """
            <?xml version="1.0" encoding="utf-8"?>
            <Project xmlns="urn:QDA-XML:project:1.0" name="qualcoder project" origin="QualCoder 3.5">
              <Users><User guid="2A2A2A2A-0000-4000-8000-000000000001" name="default" /></Users>
              <CodeBook><Codes>
                <Code guid="2C2C2C2C-0000-4000-8000-000000000001" name="Leaving" isCodable="false">
                  <Code guid="2C2C2C2C-0000-4000-8000-000000000002" name="Fear of reprisal" isCodable="true" color="#123abc" />
                </Code>
              </Codes></CodeBook>
              <Variables><Variable guid="2D2D2D2D-0000-4000-8000-000000000001" name="age_at_joining" typeOfVariable="Integer" /></Variables>
              <Cases>
                <Case guid="2E2E2E2E-0000-4000-8000-000000000001" name="Yusuf">
                  <VariableValue><VariableRef targetGUID="2D2D2D2D-0000-4000-8000-000000000001" /><IntegerValue>19</IntegerValue></VariableValue>
                  <SelectionRef targetGUID="29292929-0000-4000-8000-000000000001" />
                </Case>
              </Cases>
              <Sources>
                <TextSource guid="2F2F2F2F-0000-4000-8000-000000000001" name="yusuf.txt" plainTextPath="relative://yusuf.txt">
                  <PlainTextSelection guid="29292929-0000-4000-8000-000000000001" startPosition="0" endPosition="21" creatingUser="2A2A2A2A-0000-4000-8000-000000000001">
                    <Coding guid="28282828-0000-4000-8000-000000000001" creatingUser="2A2A2A2A-0000-4000-8000-000000000001"><CodeRef targetGUID="2C2C2C2C-0000-4000-8000-000000000002" /></Coding>
                  </PlainTextSelection>
                </TextSource>
              </Sources>
              <Notes><Note guid="27272727-0000-4000-8000-000000000001" name="Journal"><PlainTextContent>First pass.</PlainTextContent></Note></Notes>
              <NoteRef targetGUID="27272727-0000-4000-8000-000000000001" />
            </Project>
            """;
        await using var projects = new QdpxProjects();
        var store = await projects.CreateAsync("target");
        await File.WriteAllTextAsync(projects.PathOf("yusuf.txt"), "They would kill my family if I spoke.");

        var result = await Archives.ImportAsync(store, projects.PathOf("qualcoder.qdpx"), Archives.Zip(("project.qde", qde)));

        result.Errors.ShouldBeEmpty();
        (await store.GetCodebookAsync(default)).Codes.Select(code => code.Id.Value).ShouldBe(["leaving", "leaving.fear-of-reprisal"]);
        var yusuf = (await store.GetCasesAsync(default)).Single();
        (yusuf.Id.Value, yusuf.Pseudonym, yusuf.Attributes.AgeAtJoining).ShouldBe(("yusuf", "Yusuf", 19));
        var segment = (await Archives.SegmentsAsync(store, "yusuf-txt")).Single();
        (segment.Start, segment.End, segment.Speaker).ShouldBe((0, 21, new CaseId("yusuf")));
        (await store.GetCaseCodesAsync(Core.Storage.CodingFilter.All, default)).Single().ShouldBe(new CaseCode(new CaseId("yusuf"), new CodeId("leaving.fear-of-reprisal"), "default"));
        (await store.GetMemosAsync(default)).Single().ShouldSatisfyAllConditions(memo => memo.Target.ShouldBe(MemoTarget.Project), memo => memo.Text.ShouldBe("First pass."));
    }

    [Fact]
    public async Task A_text_not_in_NFC_is_normalised_and_its_selections_move_with_it()
    {
        var text = "Le cafe\u0301 e\u0301tait ferme\u0301. Ils ont tue\u0301 un garc\u0327on.";
        var start = text.IndexOf("Ils", StringComparison.Ordinal);
        var qde = Archives.Qde(
            """<Code guid="4C4C4C4C-0000-4000-8000-000000000001" name="Meurtre" isCodable="true" />""",
            $"""<TextSource guid="4F4F4F4F-0000-4000-8000-000000000001" name="Temoignage" plainTextPath="internal://t.txt"><PlainTextSelection guid="49494949-0000-4000-8000-000000000001" startPosition="{start}" endPosition="{text.Length - 1}"><Coding guid="48484848-0000-4000-8000-000000000001"><CodeRef targetGUID="4C4C4C4C-0000-4000-8000-000000000001" /></Coding></PlainTextSelection></TextSource>""");
        await using var projects = new QdpxProjects();
        var store = await projects.CreateAsync("target");

        var result = await Archives.ImportAsync(store, "nfd.qdpx", Archives.Zip(("project.qde", qde), ("Sources/t.txt", text)));

        result.Errors.ShouldBeEmpty();
        var source = (await store.GetSourceAsync(new SourceId("temoignage"), default))!;
        var segment = (await Archives.SegmentsAsync(store, "temoignage")).Single();
        source.Text[segment.Start..segment.End].ShouldBe("Ils ont tu\u00e9 un gar\u00e7on");
    }
}

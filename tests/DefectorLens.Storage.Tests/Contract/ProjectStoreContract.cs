using System.Text;
using DefectorLens.Core;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using Case = DefectorLens.Core.Model.Case;
using static DefectorLens.Storage.Tests.Contract.Fixtures;

namespace DefectorLens.Storage.Tests.Contract;

/// <summary>What every project store must do, whichever database holds the project.</summary>
/// <remarks>A provider's test class derives from this and says how to make and reopen a store; every test gets a new project.</remarks>
public abstract class ProjectStoreContract(Func<IStoreHarness> createHarness) : StoreContract(createHarness)
{
    [Fact]
    public async Task A_new_project_has_its_name_codebook_and_no_data()
    {
        var store = await NewAsync();

        var info = await store.GetInfoAsync(default);

        info.ShouldBe(new ProjectInfo("Defectors 2015", info.SchemaVersion, Start, "icsr-2015", "1.0", 0, 0, 0, 0));
        info.SchemaVersion.ShouldBeGreaterThan(0);
        (await store.GetCasesAsync(default)).ShouldBeEmpty();
        (await store.GetSourcesAsync(default)).ShouldBeEmpty();
        (await store.GetMemosAsync(default)).ShouldBeEmpty();
        (await store.GetCodersAsync(default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_case_keeps_every_attribute_across_a_reopen()
    {
        var store = await NewAsync();
        var year = Case.Create(new CaseId("c2"), "Umm Year", CaseAttributes.Empty with
        {
            Joined = PartialDate.Of(2014),
            LegalStatus = LegalStatus.Convicted,
            Consent = ConsentLevel.ResearchOnly,
        });
        await store.ImportAsync(Batch("cases.csv", [WithoutIdentity(FullCase()), WithoutIdentity(year)], []), default);

        var reopened = await ReopenAsync(store);
        var cases = await reopened.GetCasesAsync(default);

        cases.Count.ShouldBe(2);
        ShouldBeSame(cases[0], FullCase());
        ShouldBeSame(cases[1], year);
        cases[0].Attributes.Joined!.Value.Precision.ShouldBe(DatePrecision.Month);
        cases[0].Attributes.Defected!.Value.Precision.ShouldBe(DatePrecision.Day);
        cases[1].Attributes.Joined!.Value.Precision.ShouldBe(DatePrecision.Year);
        cases[1].Attributes.Defected.ShouldBeNull();
    }

    [Fact]
    public async Task Cases_come_back_ordered_by_id()
    {
        var store = await NewAsync();
        await store.ImportAsync(Batch("cases.csv", [WithoutIdentity(PlainCase("c3")), WithoutIdentity(PlainCase("c1")), WithoutIdentity(PlainCase("c2"))], []), default);

        var cases = await store.GetCasesAsync(default);

        cases.Select(c => c.Id.Value).ShouldBe(["c1", "c2", "c3"]);
    }

    [Fact]
    public async Task An_identity_round_trips_and_reading_it_is_audited_by_case_id_only()
    {
        var store = await NewAsync();
        await store.ImportAsync(Batch("cases.csv", [new CaseRecord(FullCase("c1"), Identity("c1"))], []), default);
        Clock.Advance(TimeSpan.FromMinutes(5));

        var reopened = await ReopenAsync(store);
        var identity = await reopened.GetIdentityAsync(new CaseId("c1"), default);

        identity.ShouldNotBeNull();
        var expected = Identity("c1");
        identity.CaseId.ShouldBe(expected.CaseId);
        identity.RealName.ShouldBe(expected.RealName);
        identity.Aliases.ToArray().ShouldBe(expected.Aliases.ToArray());
        identity.Contact.ShouldBe(expected.Contact);
        identity.ExactLocation.ShouldBe(expected.ExactLocation);
        identity.Notes.ShouldBe(expected.Notes);
        var view = (await reopened.GetAuditAsync(default))[^1];
        view.ShouldBe(new AuditEvent(view.Sequence, Start.AddMinutes(5), Actor, "identity.view", "case c1"));
    }

    [Fact]
    public async Task A_case_without_identity_has_none_and_the_attempt_is_still_audited()
    {
        var store = await NewAsync();
        await store.ImportAsync(Batch("cases.csv", [new CaseRecord(PlainCase("c1"), null), new CaseRecord(PlainCase("c2"), CaseIdentity.For(new CaseId("c2")))], []), default);

        (await store.GetIdentityAsync(new CaseId("c1"), default)).ShouldBeNull();
        (await store.GetIdentityAsync(new CaseId("c2"), default)).ShouldBeNull();
        (await store.GetIdentityAsync(new CaseId("c9"), default)).ShouldBeNull();

        (await store.GetAuditAsync(default)).TakeLast(3).Select(e => (e.Action, e.Subject))
            .ShouldBe([("identity.view", "case c1"), ("identity.view", "case c2"), ("identity.view", "case c9")]);
    }

    [Fact]
    public async Task A_source_keeps_its_metadata_cases_and_NFC_text_across_a_reopen()
    {
        var store = await NewAsync();
        const string decomposed = "Cafe\u0301 talk in Jarabulus: \u201cwe left\u201d.";
        var source = Source("s1", decomposed, "c2", "c1");
        await store.ImportAsync(Batch("sources.jsonl", [WithoutIdentity(PlainCase("c1")), WithoutIdentity(PlainCase("c2"))], [Record(source)]), default);

        var reopened = await ReopenAsync(store);
        var stored = await reopened.GetSourceAsync(new SourceId("s1"), default);

        stored.ShouldNotBeNull();
        stored.Text.ShouldBe("Caf\u00e9 talk in Jarabulus: \u201cwe left\u201d.");
        stored.Text.IsNormalized(NormalizationForm.FormC).ShouldBeTrue();
        stored.Metadata.ShouldBe(source.Metadata);
        stored.ContentHash.ShouldBe(source.ContentHash);
        stored.Cases.ToArray().ShouldBe([new CaseId("c2"), new CaseId("c1")]);
        var summary = (await reopened.GetSourcesAsync(default)).ShouldHaveSingleItem();
        summary.Id.ShouldBe(new SourceId("s1"));
        summary.Metadata.ShouldBe(source.Metadata);
        summary.Length.ShouldBe(stored.Text.Length);
        summary.Cases.ToArray().ShouldBe([new CaseId("c2"), new CaseId("c1")]);
    }

    [Fact]
    public async Task A_source_with_only_a_title_keeps_its_empty_metadata()
    {
        var store = await NewAsync();
        var source = Core.Model.Source.Create(new SourceId("s1"), new SourceMetadata { Title = "Untitled post" }, "text", Hash("text"), []);
        await store.ImportAsync(Batch("post.txt", [], [Record(source)]), default);

        var stored = await store.GetSourceAsync(new SourceId("s1"), default);

        stored.ShouldNotBeNull();
        stored.Metadata.ShouldBe(source.Metadata);
        stored.Cases.ShouldBeEmpty();
    }

    [Fact]
    public async Task An_unknown_source_is_null()
    {
        var store = await NewAsync();

        (await store.GetSourceAsync(new SourceId("s404"), default)).ShouldBeNull();
        (await store.GetSegmentsAsync(new SourceId("s404"), default)).ShouldBeEmpty();
        (await store.GetCodingsAsync(new SourceId("s404"), default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Reading_all_sources_streams_each_with_its_text_in_id_order()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);

        var sources = new List<Source>();
        await foreach (var source in store.ReadSourcesAsync(default))
        {
            sources.Add(source);
        }

        sources.Select(s => (s.Id.Value, s.Text)).ShouldBe([("s1", Corpus.FirstText), ("s2", Corpus.SecondText)]);
        sources[0].Cases.ToArray().ShouldBe([new CaseId("c1"), new CaseId("c2")]);
    }

    [Fact]
    public async Task Finding_ids_returns_only_those_the_project_holds()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);

        var cases = await store.FindCasesAsync([new CaseId("c1"), new CaseId("c9"), new CaseId("c3"), new CaseId("c1")], default);
        var sources = await store.FindSourcesAsync([new SourceId("s2"), new SourceId("s7")], default);

        cases.ShouldBe(new HashSet<CaseId> { new("c1"), new("c3") }, ignoreOrder: true);
        sources.ShouldBe(new HashSet<SourceId> { new("s2") }, ignoreOrder: true);
        (await store.FindCasesAsync([], default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Segments_and_codings_keep_coder_kind_version_confidence_and_explanation()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);

        var reopened = await ReopenAsync(store);
        var segments = await reopened.GetSegmentsAsync(new SourceId("s1"), default);
        var codings = await reopened.GetCodingsAsync(new SourceId("s1"), default);

        segments.Select(s => (s.Start, s.End, s.Speaker)).ShouldBe(
        [
            Where(Corpus.FirstText, Corpus.Narration, null),
            Where(Corpus.FirstText, Corpus.Executions, "c1"),
            Where(Corpus.FirstText, Corpus.Emirs, "c1"),
        ]);
        segments.ShouldAllBe(s => s.Source == new SourceId("s1"));
        var executions = segments[1].Id;
        codings.Where(c => c.Segment == executions).OrderBy(c => c.Coder.Name, StringComparer.Ordinal).ShouldBe(
        [
            new Coding(executions, new CodeId("leave.brutality"), AnalystA, "1.0", null, null),
            new Coding(executions, new CodeId("leave.brutality"), Lexicon, "1.0", 0.8, "en:\"execut*\""),
        ]);
        codings.Count.ShouldBe(4);
        (await reopened.GetCodersAsync(default)).ShouldBe([AnalystA, Lexicon]);
    }

    [Fact]
    public async Task Source_summaries_count_segments_and_codings()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);

        var summaries = await store.GetSourcesAsync(default);
        var info = await store.GetInfoAsync(default);

        summaries.Select(s => (s.Id.Value, s.Segments, s.Codings)).ShouldBe([("s1", 3, 4), ("s2", 1, 1)]);
        (info.Cases, info.Sources, info.Segments, info.Codings).ShouldBe((3, 2, 4, 5));
    }

    [Fact]
    public async Task A_spoken_segment_counts_for_its_speaker_and_narration_for_every_case_of_its_source()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);

        var codes = await store.GetCaseCodesAsync(CodingFilter.All, default);

        codes.ShouldBe(
        [
            CaseCode("c1", "leave.brutality", "analyst-a"),
            CaseCode("c1", "leave.brutality", "lexicon"),
            CaseCode("c1", "leave.corruption", "analyst-a"),
            CaseCode("c2", "leave.brutality", "analyst-a"),
            CaseCode("c3", "join.faith-ideology", "lexicon"),
        ]);
    }

    [Fact]
    public async Task Case_codes_of_one_coder_leave_out_the_others()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);

        var codes = await store.GetCaseCodesAsync(new CodingFilter(Coder: "lexicon"), default);

        codes.ShouldBe([CaseCode("c1", "leave.brutality", "lexicon"), CaseCode("c3", "join.faith-ideology", "lexicon")]);
    }

    [Fact]
    public async Task Case_codes_in_own_words_only_leave_out_narration()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);

        var codes = await store.GetCaseCodesAsync(new CodingFilter(OwnWordsOnly: true), default);

        codes.ShouldBe(
        [
            CaseCode("c1", "leave.brutality", "analyst-a"),
            CaseCode("c1", "leave.brutality", "lexicon"),
            CaseCode("c1", "leave.corruption", "analyst-a"),
            CaseCode("c3", "join.faith-ideology", "lexicon"),
        ]);
    }

    [Fact]
    public async Task Replacing_a_coders_codings_leaves_other_coders_alone()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);
        var lexicon2 = Lexicon with { Version = "1.3" };

        var stored = await store.ReplaceCodingsAsync(
            "lexicon",
            [new SourceCodings(new SourceId("s1"), [Span(Corpus.FirstText, Corpus.Emirs, "c1", By(lexicon2, "leave.corruption", 0.7, "en:\"emir*\""))])],
            default);

        stored.ShouldBe(1);
        var codes = await store.GetCaseCodesAsync(CodingFilter.All, default);
        codes.ShouldBe(
        [
            CaseCode("c1", "leave.brutality", "analyst-a"),
            CaseCode("c1", "leave.corruption", "analyst-a"),
            CaseCode("c1", "leave.corruption", "lexicon"),
            CaseCode("c2", "leave.brutality", "analyst-a"),
        ]);
        (await store.GetCodersAsync(default)).ShouldBe([AnalystA, lexicon2]);
    }

    [Fact]
    public async Task Replacing_codings_reuses_a_segment_with_the_same_span_and_speaker()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);
        var before = await store.GetSegmentsAsync(new SourceId("s1"), default);

        await store.ReplaceCodingsAsync(
            "model",
            [new SourceCodings(new SourceId("s1"), [Span(Corpus.FirstText, Corpus.Executions, "c1", By(Model, "leave.brutality", 0.95, "features: executed"))])],
            default);

        var after = await store.GetSegmentsAsync(new SourceId("s1"), default);
        after.ShouldBe(before);
        var codings = await store.GetCodingsAsync(new SourceId("s1"), default);
        codings.ShouldContain(new Coding(before[1].Id, new CodeId("leave.brutality"), Model, "1.0", 0.95, "features: executed"));
    }

    [Fact]
    public async Task Replacing_codings_removes_segments_a_coder_made_once_they_carry_no_coding_but_keeps_imported_ones()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);
        const string Night = "crossed at night";
        await store.ReplaceCodingsAsync(
            "lexicon",
            [new SourceCodings(new SourceId("s1"), [Span(Corpus.FirstText, Night, null, By(Lexicon, "join.syria-conflict", 0.4, "en:\"night\""))])],
            default);
        (await store.GetSegmentsAsync(new SourceId("s1"), default)).Count.ShouldBe(4);

        var stored = await store.ReplaceCodingsAsync("lexicon", [], default);

        stored.ShouldBe(0);
        var segments = await store.GetSegmentsAsync(new SourceId("s1"), default);
        segments.Select(s => (s.Start, s.End, s.Speaker)).ShouldBe(
        [
            Where(Corpus.FirstText, Corpus.Narration, null),
            Where(Corpus.FirstText, Corpus.Executions, "c1"),
            Where(Corpus.FirstText, Corpus.Emirs, "c1"),
        ]);
        (await store.GetSegmentsAsync(new SourceId("s2"), default)).ShouldHaveSingleItem();
        (await store.GetCodingsAsync(new SourceId("s2"), default)).ShouldBeEmpty();
        (await store.GetCodersAsync(default)).ShouldBe([AnalystA]);
    }

    [Fact]
    public async Task Replacing_codings_on_an_unknown_source_changes_nothing()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);
        var before = await SnapshotAsync(store);

        var error = await Should.ThrowAsync<UserErrorException>(() => store.ReplaceCodingsAsync(
            "lexicon",
            [
                new SourceCodings(new SourceId("s1"), [Span(Corpus.FirstText, Corpus.Emirs, "c1", By(Lexicon, "leave.corruption", 0.5))]),
                new SourceCodings(new SourceId("s404"), [new SegmentDraft(0, 4, null, [By(Lexicon, "leave.corruption", 0.5)])]),
            ],
            default));

        error.Kind.ShouldBe(UserErrorKind.NotFound);
        error.Message.ShouldBe("codings of coder 'lexicon': source 's404' is not in the project");
        (await SnapshotAsync(store)).ShouldBe(before);
    }

    [Fact]
    public async Task Replacing_codings_with_a_span_outside_the_text_changes_nothing()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);
        var before = await SnapshotAsync(store);
        var length = Corpus.SecondText.Length;

        var error = await Should.ThrowAsync<UserErrorException>(() => store.ReplaceCodingsAsync(
            "lexicon", [new SourceCodings(new SourceId("s2"), [new SegmentDraft(10, length + 1, null, [By(Lexicon, "leave.corruption", 0.5)])])],
            default));

        error.Kind.ShouldBe(UserErrorKind.InvalidInput);
        error.Message.ShouldBe(
            $"codings of coder 'lexicon': segment [10, {length + 1}) of source 's2' is not within its text of {length} characters " +
            "(expected 0 <= start < end <= length)");
        (await SnapshotAsync(store)).ShouldBe(before);
    }

    [Fact]
    public async Task Replacing_codings_with_an_unknown_speaker_changes_nothing()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);
        var before = await SnapshotAsync(store);

        var error = await Should.ThrowAsync<UserErrorException>(() => store.ReplaceCodingsAsync(
            "lexicon", [new SourceCodings(new SourceId("s2"), [new SegmentDraft(0, 4, new CaseId("c9"), [By(Lexicon, "leave.corruption", 0.5)])])],
            default));

        error.Kind.ShouldBe(UserErrorKind.InvalidInput);
        error.Message.ShouldBe("codings of coder 'lexicon': source 's2' refers to case 'c9', which is not in the project");
        (await SnapshotAsync(store)).ShouldBe(before);
    }

    [Fact]
    public async Task Import_of_a_batch_with_an_existing_source_id_changes_nothing()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);
        var before = await SnapshotAsync(store);
        var batch = Batch(
            "more.jsonl",
            [WithoutIdentity(PlainCase("c4"))],
            [Record(Source("s3", "A new testimony.", "c4"), new SegmentDraft(0, 5, null, [By(AnalystA, "leave.corruption")])), Record(Source("s2", "Again.", "c4"))]);

        var error = await Should.ThrowAsync<UserErrorException>(() => store.ImportAsync(batch, default));

        error.Kind.ShouldBe(UserErrorKind.Conflict);
        error.Message.ShouldBe("more.jsonl: source 's2' already exists in the project");
        (await SnapshotAsync(store)).ShouldBe(before);
        (await store.FindCasesAsync([new CaseId("c4")], default)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Import_of_a_batch_with_an_existing_case_id_changes_nothing()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);
        var before = await SnapshotAsync(store);
        var batch = Batch("cases.csv", [WithoutIdentity(PlainCase("c4")), new CaseRecord(PlainCase("c1"), Identity("c1"))], []);

        var error = await Should.ThrowAsync<UserErrorException>(() => store.ImportAsync(batch, default));

        error.Kind.ShouldBe(UserErrorKind.Conflict);
        error.Message.ShouldBe("cases.csv: case 'c1' already exists in the project");
        error.Message.ShouldNotContain(RealName);
        (await SnapshotAsync(store)).ShouldBe(before);
    }

    [Fact]
    public async Task Import_of_a_batch_repeating_an_id_is_rejected_before_anything_is_written()
    {
        var store = await NewAsync();
        var before = await SnapshotAsync(store);

        var cases = await Should.ThrowAsync<UserErrorException>(() => store.ImportAsync(
            Batch("cases.csv", [WithoutIdentity(PlainCase("c1")), WithoutIdentity(PlainCase("c1"))], []), default));
        var sources = await Should.ThrowAsync<UserErrorException>(() => store.ImportAsync(
            Batch("sources.jsonl", [], [Record(Source("s1", "one")), Record(Source("s1", "two"))]), default));

        (cases.Kind, cases.Message).ShouldBe((UserErrorKind.InvalidInput, "cases.csv: case 'c1' appears more than once"));
        (sources.Kind, sources.Message).ShouldBe((UserErrorKind.InvalidInput, "sources.jsonl: source 's1' appears more than once"));
        (await SnapshotAsync(store)).ShouldBe(before);
    }

    [Fact]
    public async Task Import_of_a_source_about_an_unknown_case_changes_nothing()
    {
        var store = await NewAsync();
        var before = await SnapshotAsync(store);

        var error = await Should.ThrowAsync<UserErrorException>(() => store.ImportAsync(
            Batch("sources.jsonl", [WithoutIdentity(PlainCase("c1"))], [Record(Source("s1", "text", "c1", "c7"))]), default));

        (error.Kind, error.Message).ShouldBe((UserErrorKind.InvalidInput, "sources.jsonl: source 's1' refers to case 'c7', which is not in the project"));
        (await SnapshotAsync(store)).ShouldBe(before);
    }

    [Fact]
    public async Task Import_of_a_segment_outside_its_text_changes_nothing()
    {
        var store = await NewAsync();
        var before = await SnapshotAsync(store);

        var error = await Should.ThrowAsync<UserErrorException>(() => store.ImportAsync(
            Batch("sources.jsonl", [], [Record(Source("s1", "short"), new SegmentDraft(3, 3, null, []))]), default));

        (error.Kind, error.Message).ShouldBe((
            UserErrorKind.InvalidInput,
            "sources.jsonl: segment [3, 3) of source 's1' is not within its text of 5 characters (expected 0 <= start < end <= length)"));
        (await SnapshotAsync(store)).ShouldBe(before);
    }

    [Fact]
    public async Task An_empty_import_writes_nothing()
    {
        var store = await NewAsync();
        var before = await SnapshotAsync(store);

        await store.ImportAsync(new ImportBatch("empty.csv", [], []), default);

        (await SnapshotAsync(store)).ShouldBe(before);
    }

    [Theory]
    [InlineData("executed", "s1")]
    [InlineData("EXECUTED sunnis", "s1")]
    [InlineData("\"best houses\"", "s1")]
    [InlineData("exec*", "s1")]
    [InlineData("hijra OR emirs", "s1 s2")]
    [InlineData("duty NOT emirs", "s2")]
    [InlineData("journey.", "s2")]
    [InlineData("my-duty", "s2")]
    [InlineData("didn't al-Raqqa (city)", "")]
    public async Task Search_reads_words_phrases_prefixes_and_operators(string query, string expected)
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);

        var hits = await store.SearchAsync(query, 10, default);

        hits.Select(h => h.Source.Value).Order(StringComparer.Ordinal).ShouldBe(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public async Task A_search_hit_has_the_title_and_a_snippet_marking_the_match()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);

        var hit = (await store.SearchAsync("hijra", 10, default)).ShouldHaveSingleItem();

        hit.Source.ShouldBe(new SourceId("s2"));
        hit.Title.ShouldBe("Testimony s2");
        hit.Snippet.ShouldContain("[hijra]");
    }

    [Fact]
    public async Task Search_sees_sources_as_soon_as_they_are_imported_and_honours_the_limit()
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);
        await store.ImportAsync(Batch("more.jsonl", [], [Record(Source("s3", "Another hijra story.")), Record(Source("s4", "Hijra again."))]), default);

        (await store.SearchAsync("hijra", 10, default)).Count.ShouldBe(3);
        (await store.SearchAsync("hijra", 2, default)).Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("OR")]
    [InlineData("executed AND")]
    [InlineData("NOT hijra")]
    public async Task A_search_query_that_cannot_be_read_is_invalid_input(string query)
    {
        var store = await NewAsync();
        await store.ImportAsync(Corpus.Batch(), default);

        var error = await Should.ThrowAsync<UserErrorException>(() => store.SearchAsync(query, 10, default));

        error.Kind.ShouldBe(UserErrorKind.InvalidInput);
        error.Message.ShouldBe(
            $"search query '{query}' is not valid (expected words, \"quoted phrases\", word* for prefixes, and AND, OR, NOT between terms)");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\" - \"")]
    public async Task An_empty_search_query_is_invalid_input(string query)
    {
        var store = await NewAsync();

        var error = await Should.ThrowAsync<UserErrorException>(() => store.SearchAsync(query, 10, default));

        (error.Kind, error.Message).ShouldBe((UserErrorKind.InvalidInput, "search query is empty (expected words to look for)"));
    }

    [Fact]
    public async Task Memos_come_back_oldest_first_and_each_is_audited()
    {
        var store = await NewAsync();
        var first = new Memo(MemoTarget.Code, "leave.brutality", "analyst-a", "Overlaps with infighting.", Start.AddDays(1));
        var second = new Memo(MemoTarget.Project, "", "analyst-b", "Second round starts Monday.", Start.AddDays(2).ToOffset(TimeSpan.FromHours(3)));
        await store.AddMemoAsync(first, default);
        await store.AddMemoAsync(second, default);

        var reopened = await ReopenAsync(store);
        var memos = await reopened.GetMemosAsync(default);

        memos.ShouldBe([first, second]);
        memos[1].Written.Offset.ShouldBe(TimeSpan.FromHours(3));
        (await reopened.GetAuditAsync(default)).TakeLast(2).Select(e => (e.Action, e.Subject))
            .ShouldBe([("memo.add", "code leave.brutality"), ("memo.add", "project")]);
    }

    [Fact]
    public async Task The_audit_log_records_every_write_in_order_with_actor_and_time_but_no_text_or_identity()
    {
        var store = await NewAsync();
        Clock.Advance(TimeSpan.FromMinutes(1));
        await store.ImportAsync(Corpus.Batch(), default);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await store.SetCodebookAsync(Codebook("1.1"), default);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await store.AddMemoAsync(new Memo(MemoTarget.Case, "c1", "analyst-a", "Check the date.", Start), default);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await store.ReplaceCodingsAsync("lexicon", [], default);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await store.GetIdentityAsync(new CaseId("c1"), default);

        var audit = await store.GetAuditAsync(default);

        audit.Select(e => e.Sequence).ShouldBe([1, 2, 3, 4, 5, 6]);
        audit.Select(e => e.At).ShouldBe([.. Enumerable.Range(0, 6).Select(minutes => Start.AddMinutes(minutes))]);
        audit.ShouldAllBe(e => e.Actor == Actor);
        audit.Select(e => e.Action).ShouldBe(["project.create", "import", "codebook.set", "memo.add", "codings.replace", "identity.view"]);
        audit[1].Subject.ShouldBe("corpus.jsonl: cases 3, sources 2, segments 4, codings 5");
        audit[2].Subject.ShouldBe("icsr-2015 1.1");
        audit[4].Subject.ShouldBe("coder lexicon: removed 2, stored 0, sources 0");
        var identity = Identity("c1");
        foreach (var secret in new[] { identity.RealName!, identity.Contact!, identity.ExactLocation!, identity.Notes!, "Abu Secret", "executed", "Check the date" })
        {
            audit.ShouldAllBe(e => !e.Subject.Contains(secret, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task A_codebook_with_hierarchy_and_lexicon_round_trips()
    {
        var store = await NewAsync();
        var codebook = Codebook("2.0");

        await store.SetCodebookAsync(codebook, default);
        var reopened = await ReopenAsync(store);
        var stored = await reopened.GetCodebookAsync(default);

        ShouldBeSame(stored, codebook);
        stored.Leaves.Select(c => c.Id.Value).ShouldBe(["join.syria-conflict", "join.faith-ideology", "leave.brutality", "leave.corruption"]);
        var info = await reopened.GetInfoAsync(default);
        (info.CodebookId, info.CodebookVersion).ShouldBe(("icsr-2015", "2.0"));
    }

    [Fact]
    public async Task An_earlier_codebook_version_can_be_made_current_again()
    {
        var store = await NewAsync();
        await store.SetCodebookAsync(Codebook("2.0"), default);

        await store.SetCodebookAsync(Codebook("1.0"), default);

        (await store.GetCodebookAsync(default)).Version.ShouldBe("1.0");
    }

    [Fact]
    public async Task A_changed_codebook_under_a_stored_version_is_a_conflict()
    {
        var store = await NewAsync();

        var error = await Should.ThrowAsync<UserErrorException>(() => store.SetCodebookAsync(Codebook("1.0", "Brutality"), default));

        error.Kind.ShouldBe(UserErrorKind.Conflict);
        error.Message.ShouldBe(
            "codebook icsr-2015 version 1.0 is already stored with different content; give the changed codebook a new version");
        (await store.GetCodebookAsync(default)).Find(new CodeId("leave.brutality"))!.Name.ShouldBe("Brutality against Sunnis");
    }

    [Fact]
    public async Task An_invalid_codebook_is_not_stored()
    {
        var store = await NewAsync();
        var invalid = Codebook("3.0") with { Codes = [Code("leave.brutality", "Brutality")] };

        var error = await Should.ThrowAsync<UserErrorException>(() => store.SetCodebookAsync(invalid, default));

        error.Kind.ShouldBe(UserErrorKind.InvalidInput);
        error.Message.ShouldBe("codebook icsr-2015 is not valid: code 'leave.brutality' needs its parent 'leave' to be defined before it");
        (await store.GetCodebookAsync(default)).Version.ShouldBe("1.0");
    }

    [Fact]
    public async Task Quote_candidates_put_person_codings_first_then_confidence_then_length_near_200()
    {
        var store = await NewAsync();
        var text = new StringBuilder("\U0001F600 Intro. ");
        (int Start, int End) Add(string words)
        {
            var start = text.Length;
            text.Append(words).Append(' ');
            return (start, start + words.Length);
        }

        var byPerson = Add("Person coded: they killed our brothers.");
        var long300 = Add("Long: " + new string('x', 294));
        var near200 = Add("Near: " + new string('y', 184));
        var lessSure = Add("Less sure: executions every Friday.");
        var narration = Add("Narrated: he saw executions.");
        var source = Source("s1", text.ToString(), "c1");
        SegmentDraft Draft((int Start, int End) span, string? speaker, params CodingDraft[] codings) =>
            new(span.Start, span.End, speaker is null ? null : new CaseId(speaker), [.. codings]);
        await store.ImportAsync(Batch("quotes.jsonl", [WithoutIdentity(PlainCase("c1"))],
        [
            Record(
                source,
                Draft(byPerson, "c1", By(AnalystA, "leave.brutality"), By(Model, "leave.brutality", 0.99)),
                Draft(long300, "c1", By(Model, "leave.brutality", 0.9)),
                Draft(near200, "c1", By(Model, "leave.brutality", 0.9)),
                Draft(lessSure, "c1", By(Model, "leave.brutality", 0.5)),
                Draft(narration, null, By(AnalystA, "leave.brutality"))),
        ]), default);

        var quotes = await store.GetQuoteCandidatesAsync(new CodeId("leave.brutality"), 10, default);
        var top = await store.GetQuoteCandidatesAsync(new CodeId("leave.brutality"), 2, default);

        quotes.Select(q => (q.Text, q.Confidence)).ShouldBe(
        [
            ("Person coded: they killed our brothers.", (double?)null),
            ("Near: " + new string('y', 184), 0.9),
            ("Long: " + new string('x', 294), 0.9),
            ("Less sure: executions every Friday.", 0.5),
        ]);
        quotes.ShouldAllBe(q => q.Case == new CaseId("c1") && q.Code == new CodeId("leave.brutality"));
        quotes[0].Source.Id.ShouldBe(new SourceId("s1"));
        quotes[0].Source.Metadata.ShouldBe(source.Metadata);
        quotes[0].Source.Segments.ShouldBe(5);
        quotes[0].Source.Codings.ShouldBe(6);
        top.Count.ShouldBe(2);
        (await store.GetQuoteCandidatesAsync(new CodeId("join.faith-ideology"), 10, default)).ShouldBeEmpty();
    }

    protected Task<IProjectStore> NewAsync(string name = "Defectors 2015") => NewAsync(name, Codebook());

    /// <summary>Everything a failed write could have touched, as one comparable value.</summary>
    protected static async Task<string> SnapshotAsync(IProjectStore store)
    {
        var info = await store.GetInfoAsync(default);
        var audit = await store.GetAuditAsync(default);
        var sources = await store.GetSourcesAsync(default);
        var codes = await store.GetCaseCodesAsync(CodingFilter.All, default);
        var coders = await store.GetCodersAsync(default);
        return string.Join(
            "\n",
            info.ToString(),
            string.Join(", ", audit.Select(e => e.Action)),
            string.Join(", ", sources.Select(s => $"{s.Id} {s.Segments} {s.Codings}")),
            string.Join(", ", codes),
            string.Join(", ", coders));
    }

    private static CaseCode CaseCode(string caseId, string code, string coder) => new(new CaseId(caseId), new CodeId(code), coder);

    private static (int Start, int End, CaseId? Speaker) Where(string text, string phrase, string? speaker)
    {
        var start = text.IndexOf(phrase, StringComparison.Ordinal);
        return (start, start + phrase.Length, speaker is null ? null : new CaseId(speaker));
    }

    private static void ShouldBeSame(Case actual, Case expected)
    {
        actual.Id.ShouldBe(expected.Id);
        actual.Pseudonym.ShouldBe(expected.Pseudonym);
        actual.Attributes.Extra.ShouldBe(expected.Attributes.Extra);
        (actual.Attributes with { Extra = expected.Attributes.Extra }).ShouldBe(expected.Attributes);
    }

    private static void ShouldBeSame(Codebook actual, Codebook expected)
    {
        (actual.Id, actual.Version, actual.Title, actual.Description).ShouldBe((expected.Id, expected.Version, expected.Title, expected.Description));
        actual.Codes.Length.ShouldBe(expected.Codes.Length);
        foreach (var (stored, original) in actual.Codes.Zip(expected.Codes))
        {
            (stored.Id, stored.Name, stored.Definition, stored.Colour).ShouldBe((original.Id, original.Name, original.Definition, original.Colour));
            stored.Include.ToArray().ShouldBe(original.Include.ToArray());
            stored.Exclude.ToArray().ShouldBe(original.Exclude.ToArray());
            stored.Examples.ToArray().ShouldBe(original.Examples.ToArray());
            stored.Lexicon.ToArray().ShouldBe(original.Lexicon.ToArray());
        }
    }
}

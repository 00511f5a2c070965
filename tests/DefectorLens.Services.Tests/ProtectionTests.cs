using DefectorLens.Core;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using DefectorLens.Storage.Keys;
using DefectorLens.Storage.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;

namespace DefectorLens.Services.Tests;

/// <summary>Keys, backups and redacted reports, through the services every front end calls.</summary>
public sealed class ProtectionTests : IAsyncLifetime
{
    private const string Cases =
        """
        {"case": "c1", "pseudonym": "Abu Tariq", "attributes": {"consent": "public_anonymous"}, "identity": {"name": "Zoltan Quibblewick", "aliases": ["Abu Quibble al-Marsawi"], "contact": "zq@example.org"}}
        {"case": "c2", "pseudonym": "Umm Safiya", "attributes": {"consent": "research_only"}, "identity": {"name": "Wilhelmina Fraxinella"}}
        """;

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "dlens-protection-" + Guid.NewGuid().ToString("N"));
    private KeyFiles _keys = null!;
    private SqliteStoreProvider _provider = null!;
    private IProjectStore _store = null!;

    public async Task InitializeAsync()
    {
        _keys = KeyFiles.InDirectory(Path.Combine(_directory, "keys"));
        _provider = new SqliteStoreProvider(TimeProvider.System, NullLoggerFactory.Instance, "test", _keys);
        _store = await new Projects(_provider).CreateAsync(Path.Combine(_directory, "study"), codebookFile: null, default);
        var cases = Path.Combine(_directory, "cases.jsonl");
        await File.WriteAllTextAsync(cases, Cases);
        var sources = Path.Combine(_directory, "sources.jsonl");
        await File.WriteAllTextAsync(sources, AutoCodingTests.Source("s1",
            "Abu Tariq: They executed my cousin in the square while Wilhelmina Fraxinella watched, call +90 555 123 45 67", "c1"));
        (await Importing.ImportAsync(_store, [cases, sources], null, default)).Rejected.ShouldBe(0);
        await AutoCoding.CodeWithRulesAsync(_store, null, default);
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }

    [Fact]
    public async Task A_public_report_quotes_consented_cases_and_names_no_one_who_did_not_consent()
    {
        var model = await Reporting.BuildAsync(_store, CodingFilter.All, TimeProvider.System, ReportAudience.Public, default);
        var files = await Reporting.WriteAsync(model, Path.Combine(_directory, "out"), default);

        var quote = model.Quotes.ShouldHaveSingleItem();
        quote.Text.ShouldBe("Abu Tariq: They executed my cousin in the square while [name] watched, call [phone]");
        foreach (var file in new[] { files.Html, files.Markdown })
        {
            var text = await File.ReadAllTextAsync(file);
            text.ShouldNotContain("Quibblewick");
            text.ShouldNotContain("Fraxinella");
        }

        (await _store.GetAuditAsync(default)).TakeLast(2).Select(e => (e.Action, e.Subject))
            .ShouldBe([("identity.redact", "report: 2 identities"), ("report", "audience public, 1 quotes")]);
    }

    [Fact]
    public async Task A_research_report_names_other_cases_by_pseudonym()
    {
        var model = await Reporting.BuildAsync(_store, CodingFilter.All, TimeProvider.System, ReportAudience.Research, default);

        model.Quotes.ShouldHaveSingleItem().Text.ShouldBe("Abu Tariq: They executed my cousin in the square while Umm Safiya watched, call [phone]");
    }

    [Fact]
    public async Task Rotating_the_key_re_encrypts_every_identity_and_keeps_the_old_key_for_old_backups()
    {
        var before = await _store.GetProtectionAsync(default);

        var rotation = await ProtectionKeys.RotateAsync(_store, _keys, null, default);

        (rotation.RetiredKeyId, rotation.Reencrypted, rotation.Resumed).ShouldBe((before.CurrentKeyId, 2, false));
        (await _store.GetProtectionAsync(default)).ShouldBe(before with { CurrentKeyId = rotation.KeyId, StaleValues = 0 });
        (await _store.GetIdentityAsync(new CaseId("c1"), default))!.RealName.ShouldBe("Zoltan Quibblewick");
        _keys.Load(before.ProjectId)!.Retired.Select(key => key.Id).ShouldBe([before.CurrentKeyId!]);
    }

    [Fact]
    public async Task Init_refuses_to_replace_an_existing_key()
    {
        var status = await _store.GetProtectionAsync(default);

        var error = await Should.ThrowAsync<UserErrorException>(() => ProtectionKeys.InitAsync(_store, _keys, default));

        (error.Kind, error.Message).ShouldBe((UserErrorKind.Conflict, $"{status.KeyLocation} already holds this project's key; 'dlens keys rotate' replaces it"));
    }

    [Fact]
    public async Task A_backup_restores_as_a_new_project_with_its_identities_and_a_verified_audit_log()
    {
        var file = Path.Combine(_directory, "study.dlbak");
        var backup = await ProtectionBackups.BackupAsync(_store, _keys, file, passphrase: null, default);
        var target = Path.Combine(_directory, "restored", "project.dlens");

        var restored = await ProtectionBackups.RestoreAsync(_provider, _keys, file, target, passphrase: null, default);

        (await File.ReadAllBytesAsync(file)).AsSpan().IndexOf("Quibblewick"u8).ShouldBe(-1);
        backup.KeyId.ShouldBe((await _store.GetProtectionAsync(default)).CurrentKeyId);
        await using var copy = await _provider.OpenAsync(restored.ProjectFile, default);
        (await copy.GetIdentityAsync(new CaseId("c2"), default))!.RealName.ShouldBe("Wilhelmina Fraxinella");
        (await copy.GetCasesAsync(default)).Count.ShouldBe(2);
        restored.AuditEvents.ShouldBeGreaterThan(3);
    }

    [Fact]
    public async Task A_truncated_backup_is_refused_and_nothing_is_written_where_it_would_go()
    {
        var file = Path.Combine(_directory, "study.dlbak");
        await ProtectionBackups.BackupAsync(_store, _keys, file, passphrase: "correct horse battery", default);
        var bytes = await File.ReadAllBytesAsync(file);
        await File.WriteAllBytesAsync(file, bytes[..(bytes.Length / 2)]);
        var target = Path.Combine(_directory, "restored", "project.dlens");

        var error = await Should.ThrowAsync<UserErrorException>(() =>
            ProtectionBackups.RestoreAsync(_provider, _keys, file, target, "correct horse battery", default));

        (error.Kind, error.Message).ShouldBe((UserErrorKind.Tampered, $"{file}: the backup is truncated (it ends before its last block); nothing was restored"));
        Directory.GetFiles(Path.GetDirectoryName(target)!).ShouldBeEmpty();
    }

    [Fact]
    public async Task Restore_never_overwrites_a_project_and_backup_never_overwrites_a_file()
    {
        var file = Path.Combine(_directory, "study.dlbak");
        await ProtectionBackups.BackupAsync(_store, _keys, file, passphrase: null, default);
        var existing = Path.Combine(_directory, "study", "project.dlens");
        // Measured at rest: a checkpoint pass the import started may still be copying pages into the file until it closes.
        await _store.DisposeAsync();
        _store = await _provider.OpenAsync(existing, default);
        var length = new FileInfo(existing).Length;

        var restore = await Should.ThrowAsync<UserErrorException>(() => ProtectionBackups.RestoreAsync(_provider, _keys, file, existing, null, default));
        var backup = await Should.ThrowAsync<UserErrorException>(() => ProtectionBackups.BackupAsync(_store, _keys, file, null, default));

        (restore.Kind, restore.Message).ShouldBe((UserErrorKind.Conflict, $"{existing} already exists: restore into a new directory (nothing was overwritten)"));
        (backup.Kind, backup.Message).ShouldBe((UserErrorKind.Conflict, $"{file} already exists: choose a new backup file (nothing was overwritten)"));
        new FileInfo(existing).Length.ShouldBe(length);
    }

    [Theory]
    [InlineData(ReportAudience.Public, "Abu Tariq: They executed my cousin in the square while [name] watched, call [phone]", new[] { "c1" })]
    [InlineData(ReportAudience.Research, "Abu Tariq: They executed my cousin in the square while Umm Safiya watched, call [phone]", new[] { "c1", "c2" })]
    public async Task A_json_lines_export_carries_the_audiences_cases_by_export_id_and_redacted_text_and_is_audited(
        ReportAudience audience, string text, string[] cases)
    {
        var file = Path.Combine(_directory, "study.jsonl");
        var ids = await ProtectionKeys.ExportIdsAsync(_store, default);

        var summary = await Exporting.WriteJsonLinesAsync(_store, file, audience, default);

        var lines = (await File.ReadAllLinesAsync(file)).Select(line => System.Text.Json.JsonDocument.Parse(line).RootElement).ToList();
        lines.Where(line => line.TryGetProperty("case", out _)).Select(line => line.GetProperty("case").GetString())
            .ShouldBe(cases.Select(id => ids.CaseRef(new CaseId(id))));
        lines.Single(line => line.TryGetProperty("source", out _)).GetProperty("text").GetString().ShouldBe(text);
        (summary.Cases, summary.Sources).ShouldBe((cases.Length, 1));
        var words = await File.ReadAllTextAsync(file);
        words.ShouldNotContain("Quibblewick");
        words.ShouldNotContain("Fraxinella");
        (await _store.GetAuditAsync(default)).TakeLast(2).Select(e => (e.Action, e.Subject)).ShouldBe(
        [
            ("identity.redact", "jsonl export: 2 identities"),
            ("export", $"jsonl, audience {audience.ToString().ToLowerInvariant()}, {cases.Length} cases, 1 sources"),
        ]);
    }

    [Fact]
    public async Task A_public_table_export_lists_only_the_cases_with_public_consent_but_counts_every_case_in_its_statistics()
    {
        var directory = Path.Combine(_directory, "tables");

        var research = await Exporting.WriteAsync(_store, "csv", Path.Combine(_directory, "research"), ReportAudience.Research, default);
        var files = await Exporting.WriteAsync(_store, "csv", directory, ReportAudience.Public, default);

        var cases = await File.ReadAllTextAsync(Path.Combine(directory, "cases.csv"));
        cases.ShouldContain("Abu Tariq");
        cases.ShouldNotContain("Umm Safiya");
        (await File.ReadAllTextAsync(Path.Combine(_directory, "research", "cases.csv"))).ShouldContain("Umm Safiya");
        (await File.ReadAllTextAsync(Path.Combine(directory, "prevalence.csv")))
            .ShouldBe(await File.ReadAllTextAsync(Path.Combine(_directory, "research", "prevalence.csv")));
        files.Count.ShouldBe(research.Count);
        (await _store.GetAuditAsync(default))[^1].Subject.ShouldBe($"csv, audience public, {files.Count} files");
    }

    [Fact]
    public async Task Export_ids_are_keyed_and_stable_across_a_rotation()
    {
        var before = (await ProtectionKeys.ExportIdsAsync(_store, default)).CaseRef(new CaseId("c1"));
        await ProtectionKeys.RotateAsync(_store, _keys, null, default);

        (await ProtectionKeys.ExportIdsAsync(_store, default)).CaseRef(new CaseId("c1")).ShouldBe(before);
        before.ShouldNotContain("c1");
    }
}

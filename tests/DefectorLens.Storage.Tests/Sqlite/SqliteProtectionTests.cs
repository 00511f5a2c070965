using System.Text;
using DefectorLens.Core;
using DefectorLens.Core.Model;
using DefectorLens.Core.Protection;
using DefectorLens.Core.Storage;
using DefectorLens.Storage.Keys;
using DefectorLens.Storage.Sqlite;
using DefectorLens.Storage.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using static DefectorLens.Storage.Tests.Contract.Fixtures;

namespace DefectorLens.Storage.Tests.Sqlite;

/// <summary>Identities encrypted at rest, keys outside the project, and an audit log that shows tampering.</summary>
public sealed class SqliteProtectionTests : IDisposable
{
    private const string PlantedName = "Zoltan Quibblewick";
    private const string PlantedAlias = "Abu Quibble al-Marsawi";
    private const string PlantedContact = "zq.secret@example.org";
    private const string PlantedPlace = "Flat 9, Quibble Tower, Gaziantep";

    private readonly TempDirectory _directory = new();
    private readonly FakeClock _clock = new(new DateTimeOffset(2015, 9, 30, 12, 0, 0, TimeSpan.Zero));

    private string ProjectPath => _directory.File("project.dlens");

    private string KeyDirectory => _directory.File("keys");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private SqliteStoreProvider Provider(IKeyStore? keys = null, CapturingLoggerFactory? logs = null) =>
        new(_clock, (Microsoft.Extensions.Logging.ILoggerFactory?)logs ?? NullLoggerFactory.Instance, "analyst-a", keys ?? KeyFiles.InDirectory(KeyDirectory));

    private static CaseIdentity Planted(string caseId) => CaseIdentity.For(new CaseId(caseId)) with
    {
        RealName = PlantedName,
        Aliases = [PlantedAlias],
        Contact = PlantedContact,
        ExactLocation = PlantedPlace,
        Notes = "met through Quibblewick's cousin",
    };

    private static ImportBatch PlantedBatch(int cases = 3) =>
        Batch("cases.jsonl", [.. Enumerable.Range(1, cases).Select(i => new CaseRecord(PlainCase($"c{i}"), Planted($"c{i}")))], []);

    private static void ShouldHoldNoPlantedValue(byte[] bytes, string what)
    {
        foreach (var secret in new[] { PlantedName, "Quibblewick", PlantedAlias, PlantedContact, PlantedPlace })
        {
            foreach (var encoding in new Encoding[] { Encoding.UTF8, Encoding.Unicode })
            {
                bytes.AsSpan().IndexOf(encoding.GetBytes(secret)).ShouldBe(-1, $"{what} holds '{secret}' in clear");
            }
        }
    }

    [Fact]
    public async Task Planted_identities_never_reach_the_project_file_or_its_write_ahead_log_in_clear()
    {
        await using var store = await Provider().CreateAsync(ProjectPath, "P", Codebook(), default);
        await store.ImportAsync(PlantedBatch(), default);
        (await store.GetIdentityAsync(new CaseId("c1"), default))!.RealName.ShouldBe(PlantedName);

        // Read while the store is open: the WAL still holds the writes.
        File.Exists(ProjectPath + "-wal").ShouldBeTrue();
        ShouldHoldNoPlantedValue(await ReadSharedAsync(ProjectPath + "-wal"), "the WAL");
        ShouldHoldNoPlantedValue(await ReadSharedAsync(ProjectPath), "the project file");
    }

    [Fact]
    public async Task A_new_project_gets_a_private_key_file_outside_the_project_named_by_its_id()
    {
        await using var store = await Provider().CreateAsync(ProjectPath, "P", Codebook(), default);

        var status = await store.GetProtectionAsync(default);

        status.ProjectId.ShouldMatch("^[0-9a-f]{32}$");
        status.KeyLocation.ShouldBe(Path.Combine(KeyDirectory, status.ProjectId + ".key"));
        status.Unlocked.ShouldBeTrue();
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(status.KeyLocation).ShouldBe(UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
    }

    [Fact]
    public async Task Without_the_key_the_project_opens_and_identities_are_locked_and_cannot_be_imported()
    {
        await using (var store = await Provider().CreateAsync(ProjectPath, "P", Codebook(), default))
        {
            await store.ImportAsync(PlantedBatch(), default);
        }

        var elsewhere = KeyFiles.InDirectory(_directory.File("no-keys-here"));
        await using var locked = await Provider(elsewhere).OpenAsync(ProjectPath, default);

        var identity = await locked.GetIdentityAsync(new CaseId("c1"), default);
        var import = await Should.ThrowAsync<UserErrorException>(() => locked.ImportAsync(
            Batch("more.jsonl", [new CaseRecord(PlainCase("c9"), Planted("c9"))], []), default));

        identity.ShouldNotBeNull();
        (identity.IsLocked, identity.RealName).ShouldBe((true, null));
        (await locked.GetCasesAsync(default)).Count.ShouldBe(3);
        (await locked.GetAuditAsync(default))[^1].Subject.ShouldBe("case c1, locked");
        var keyFile = elsewhere.Describe((await locked.GetProtectionAsync(default)).ProjectId);
        (import.Kind, import.Message).ShouldBe((UserErrorKind.Locked,
            $"more.jsonl: identities cannot be stored without the project's key, and there is none at {keyFile} (run 'dlens keys init', or give the key with --key-file or DLENS_KEY_FILE)"));
        (await locked.GetCasesAsync(default)).Count.ShouldBe(3);
    }

    [Fact]
    public async Task Another_projects_key_file_is_refused_by_name()
    {
        string otherKey;
        await using (var other = await Provider().CreateAsync(_directory.File("other.dlens"), "Other", Codebook(), default))
        {
            otherKey = (await other.GetProtectionAsync(default)).KeyLocation;
        }

        await using (var store = await Provider().CreateAsync(ProjectPath, "P", Codebook(), default))
        {
            await store.ImportAsync(PlantedBatch(), default);
        }

        await using var wrong = await Provider(KeyFiles.File(otherKey)).OpenAsync(ProjectPath, default);
        var error = await Should.ThrowAsync<UserErrorException>(() => wrong.GetIdentityAsync(new CaseId("c1"), default));

        error.Kind.ShouldBe(UserErrorKind.Locked);
        error.Message.ShouldStartWith($"{otherKey} is the key file of project ");
        error.Message.ShouldEndWith(", not of this one: wrong key file");
    }

    [Fact]
    public async Task A_tampered_ciphertext_is_detected_and_names_the_case_and_field_only()
    {
        await using (var store = await Provider().CreateAsync(ProjectPath, "P", Codebook(), default))
        {
            await store.ImportAsync(PlantedBatch(), default);
        }

        SqliteConnection.ClearAllPools();
        await using (var raw = Raw())
        {
            await raw.OpenAsync();
            // Swapping two cases' names keeps every ciphertext intact but moves it: the associated data catches it.
            await ExecuteAsync(raw, "UPDATE case_identities SET sealed = (SELECT sealed FROM case_identities WHERE case_id = 'c2') WHERE case_id = 'c1'");
        }

        await using var reopened = await Provider().OpenAsync(ProjectPath, default);
        var error = await Should.ThrowAsync<UserErrorException>(() => reopened.GetIdentityAsync(new CaseId("c1"), default));

        (error.Kind, error.Message).ShouldBe((UserErrorKind.Tampered,
            "the real name of case 'c1' failed its integrity check: the project file was altered or damaged, or the value was moved from another field or case (restore it from a backup)"));
    }

    [Fact]
    public async Task A_large_import_sealed_ahead_of_the_writer_stores_each_identity_under_its_own_case()
    {
        await using var store = await Provider().CreateAsync(ProjectPath, "P", Codebook(), default);
        var records = Enumerable.Range(1, 10_000)
            .Select(i => new CaseRecord(PlainCase($"c{i}"), i % 3 == 0 ? null : Planted($"c{i}") with { Contact = $"+90 555 {i:D7}" }))
            .ToList();
        await store.ImportAsync(Batch("cases.jsonl", records, []), default);

        foreach (var i in new[] { 1, 2, 4, 5_000, 9_998, 10_000 })
        {
            (await store.GetIdentityAsync(new CaseId($"c{i}"), default))!.Contact.ShouldBe($"+90 555 {i:D7}");
        }

        (await store.GetIdentityAsync(new CaseId("c3"), default)).ShouldBeNull();
        (await store.GetProtectionAsync(default)).Identities.ShouldBe(6_667);
    }

    [Fact]
    public async Task An_interrupted_rotation_leaves_every_identity_readable_and_the_next_run_finishes_it()
    {
        var keys = KeyFiles.InDirectory(KeyDirectory);
        await using var store = await Provider().CreateAsync(ProjectPath, "P", Codebook(), default);
        await store.ImportAsync(PlantedBatch(1_200), default);
        var status = await store.GetProtectionAsync(default);
        var ring = keys.Load(status.ProjectId)!;
        var rotated = ring.Rotate();
        keys.Save(status.ProjectId, rotated);

        using var interrupt = new CancellationTokenSource();
        var progress = new SynchronousProgress(done => interrupt.Cancel());
        await Should.ThrowAsync<OperationCanceledException>(() => store.ReencryptIdentitiesAsync(progress, interrupt.Token));

        var halfway = await store.GetProtectionAsync(default);
        halfway.StaleValues.ShouldBe(700);
        (await store.GetIdentityAsync(new CaseId("c1"), default))!.RealName.ShouldBe(PlantedName);
        (await store.GetIdentityAsync(new CaseId("c999"), default))!.RealName.ShouldBe(PlantedName);

        (await store.ReencryptIdentitiesAsync(null, default)).ShouldBe(700);
        (await store.GetProtectionAsync(default)).StaleValues.ShouldBe(0);
        keys.Save(status.ProjectId, KeyRing.From(rotated.Current, [], rotated.ExportSecret)!);
        (await store.GetIdentityAsync(new CaseId("c1"), default))!.Aliases.ShouldBe([PlantedAlias]);
    }

    [Fact]
    public async Task An_intact_audit_log_verifies_and_its_head_is_the_last_events_hash()
    {
        await using var store = await Provider().CreateAsync(ProjectPath, "P", Codebook(), default);
        await store.ImportAsync(PlantedBatch(), default);
        await store.GetIdentityAsync(new CaseId("c1"), default);

        var check = await store.VerifyAuditAsync(default);

        (check.Intact, check.Events).ShouldBe((true, 3));
        check.HeadHash!.ShouldMatch("^[0-9a-f]{64}$");
    }

    [Theory]
    [InlineData("UPDATE audit SET subject = 'case c2' WHERE seq = 3", "audit event 3 does not match its hash: it or an earlier event was altered")]
    [InlineData("UPDATE audit SET actor = 'nobody' WHERE seq = 1", "audit event 1 does not match its hash: it or an earlier event was altered")]
    [InlineData("DELETE FROM audit WHERE seq = 2", "audit event 2 is missing (the next one is 3): events were removed")]
    [InlineData("DELETE FROM audit WHERE seq = 4", "audit events 4 to 4 are missing: the end of the log was removed")]
    public async Task Editing_or_removing_an_audit_event_in_the_file_is_detected(string tampering, string problem)
    {
        await using (var store = await Provider().CreateAsync(ProjectPath, "P", Codebook(), default))
        {
            await store.ImportAsync(PlantedBatch(), default);
            await store.GetIdentityAsync(new CaseId("c1"), default);
            await store.GetIdentityAsync(new CaseId("c2"), default);
        }

        SqliteConnection.ClearAllPools();
        await using (var raw = Raw())
        {
            await raw.OpenAsync();
            await ExecuteAsync(raw, "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;");
            await ExecuteAsync(raw, tampering);
        }

        await using var reopened = await Provider().OpenAsync(ProjectPath, default);
        var check = await reopened.VerifyAuditAsync(default);

        (check.Intact, check.Problem).ShouldBe((false, problem));
    }

    [Fact]
    public async Task A_version_2_project_with_clear_identities_keeps_them_readable_and_its_old_events_join_the_chain()
    {
        await using (var old = await Provider().CreateAsync(ProjectPath, "Old", Codebook(), schemaVersion: 2, default))
        {
            await old.ImportAsync(PlantedBatch(), default);
        }

        await using var store = await Provider().OpenAsync(ProjectPath, default);
        (await store.GetProtectionAsync(default)).Unlocked.ShouldBeFalse();
        (await store.GetIdentityAsync(new CaseId("c1"), default))!.RealName.ShouldBe(PlantedName);
        var status = await store.GetProtectionAsync(default);
        KeyFiles.InDirectory(KeyDirectory).Save(status.ProjectId, KeyRing.Generate());

        (await store.ReencryptIdentitiesAsync(null, default)).ShouldBe(3);

        (await store.VerifyAuditAsync(default)).Intact.ShouldBeTrue();
        (await store.GetIdentityAsync(new CaseId("c2"), default))!.Contact.ShouldBe(PlantedContact);
        await store.DisposeAsync();
        SqliteConnection.ClearAllPools();
        ShouldHoldNoPlantedValue(await File.ReadAllBytesAsync(ProjectPath), "the sealed project file");
    }

    [Fact]
    public async Task Logs_and_errors_name_cases_and_keys_but_never_identity_values()
    {
        using var logs = new CapturingLoggerFactory();
        var errors = new List<string>();
        await using (var store = await Provider(logs: logs).CreateAsync(ProjectPath, "P", Codebook(), default))
        {
            await store.ImportAsync(PlantedBatch(), default);
            await store.GetIdentityAsync(new CaseId("c1"), default);
            await store.ReencryptIdentitiesAsync(null, default);
            await store.VerifyAuditAsync(default);
            errors.Add((await Should.ThrowAsync<UserErrorException>(() => store.ImportAsync(PlantedBatch(), default))).Message);
        }

        await using (var locked = await Provider(KeyFiles.InDirectory(_directory.File("none")), logs).OpenAsync(ProjectPath, default))
        {
            errors.Add((await Should.ThrowAsync<UserErrorException>(() => locked.GetIdentitiesForRedactionAsync("report", default))).Message);
        }

        ShouldHoldNoPlantedValue(Encoding.UTF8.GetBytes(string.Join('\n', logs.Lines.Select(line => line.Message))), "the log");
        ShouldHoldNoPlantedValue(Encoding.UTF8.GetBytes(string.Join('\n', errors)), "the errors");
        logs.Lines.Select(line => line.Id.Id).ShouldContain(7001);
    }

    private SqliteConnection Raw() =>
        new(new SqliteConnectionStringBuilder { DataSource = ProjectPath, Mode = SqliteOpenMode.ReadWrite, Pooling = false }.ToString());

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var statement = new Statement(connection, null, sql);
        await statement.ExecuteAsync(default);
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        await stream.CopyToAsync(copy);
        return copy.ToArray();
    }

    private sealed class SynchronousProgress(Action<int> report) : IProgress<int>
    {
        public void Report(int value) => report(value);
    }
}

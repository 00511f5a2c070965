using System.Globalization;
using DefectorLens.Core;
using DefectorLens.Core.Model;
using DefectorLens.Core.Protection;
using Microsoft.Data.Sqlite;

namespace DefectorLens.Storage.Sqlite;

/// <summary>Encrypted identities, the key ring, the chained audit log and copies of the project.</summary>
internal sealed partial class SqliteProjectStore
{
    private const string SelectIdentity = """
        SELECT real_name, aliases, contact, exact_location, notes, key_id, sealed FROM case_identities WHERE case_id = $id
        """;

    private string? _projectId;

    /// <summary>How many identities one re-encryption transaction handles: small enough to commit often, large enough to be quick.</summary>
    internal int ReencryptionBatchSize { get; init; } = 500;

    /// <inheritdoc />
    public async Task<ProtectionStatus> GetProtectionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var snapshot = BeginSnapshot(connection);
        var projectId = await ProjectIdAsync(connection, snapshot, cancellationToken).ConfigureAwait(false);
        var ring = _keys.Load(projectId);
        const string sql = """
            SELECT count(*), count(*) FILTER (WHERE key_id IS NULL OR key_id <> $current) FROM case_identities
            """;
        await using var count = new Statement(connection, snapshot, sql, "$current");
        await using var reader = await count.ReadAsync(cancellationToken, ring?.Current.Id ?? "").ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return new ProtectionStatus(projectId, _keys.Describe(projectId), ring?.Current.Id, reader.GetInt32(0), reader.GetInt32(1));
    }

    /// <inheritdoc />
    public async Task<int> ReencryptIdentitiesAsync(IProgress<int>? progress, CancellationToken cancellationToken)
    {
        const string stale = """
            SELECT case_id, real_name, aliases, contact, exact_location, notes, key_id, sealed FROM case_identities
            WHERE key_id IS NULL OR key_id <> $current ORDER BY case_id LIMIT $limit
            """;
        const string update = """
            UPDATE case_identities SET real_name = NULL, aliases = NULL, contact = NULL, exact_location = NULL, notes = NULL,
                                       sealed = $sealed, key_id = $keyId
            WHERE case_id = $case
            """;
        var ring = await RequireRingAsync(cancellationToken).ConfigureAwait(false);
        using var cipher = new IdentityCipher(ring);
        var done = 0;
        while (true)
        {
            var batch = await WriteAsync("identity.reencrypt", async (connection, transaction) =>
            {
                // Values replaced in clear must not linger in free pages of the file.
                await using (var secure = new Statement(connection, transaction, "PRAGMA secure_delete = ON"))
                {
                    await secure.ExecuteAsync(cancellationToken).ConfigureAwait(false);
                }

                var identities = new List<CaseIdentity>();
                await using (var select = new Statement(connection, transaction, stale, "$current", "$limit"))
                await using (var reader = await select.ReadAsync(cancellationToken, ring.Current.Id, ReencryptionBatchSize).ConfigureAwait(false))
                {
                    while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    {
                        identities.Add(ReadIdentity(reader, new CaseId(reader.GetString(0)), 1, cipher));
                    }
                }

                await using var write = new Statement(connection, transaction, update, "$case", "$sealed", "$keyId");
                foreach (var identity in identities)
                {
                    await write.ExecuteAsync(cancellationToken, identity.CaseId.Value, cipher.Seal(identity), cipher.CurrentKeyId).ConfigureAwait(false);
                }

                if (identities.Count > 0)
                {
                    var subject = string.Create(CultureInfo.InvariantCulture, $"{identities.Count} identities to key {ring.Current.Id}");
                    await AppendAuditAsync(connection, transaction, "identity.reencrypt", subject, cancellationToken).ConfigureAwait(false);
                }

                return identities.Count;
            }, cancellationToken).ConfigureAwait(false);
            if (batch == 0)
            {
                Log.IdentitiesReencrypted(_logger, done, ring.Current.Id);
                return done;
            }

            done += batch;
            progress?.Report(done);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CaseIdentity>> GetIdentitiesForRedactionAsync(string purpose, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(purpose);
        const string sql = "SELECT case_id, real_name, aliases, contact, exact_location, notes, key_id, sealed FROM case_identities ORDER BY case_id";
        return await WriteAsync("identity.redact", async (connection, transaction) =>
        {
            var projectId = await ProjectIdAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            var ring = _keys.Load(projectId);
            using var cipher = ring is null ? null : new IdentityCipher(ring);
            var identities = new List<CaseIdentity>();
            await using (var select = new Statement(connection, transaction, sql))
            await using (var reader = await select.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var identity = ReadIdentity(reader, new CaseId(reader.GetString(0)), 1, cipher);
                    identities.Add(identity.IsLocked
                        ? throw new UserErrorException(UserErrorKind.Locked, Messages.KeyMissing(_keys.Describe(projectId)))
                        : identity);
                }
            }

            var subject = string.Create(CultureInfo.InvariantCulture, $"{purpose}: {identities.Count} identities");
            await AppendAuditAsync(connection, transaction, "identity.redact", subject, cancellationToken).ConfigureAwait(false);
            return identities;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<ExportIds> GetExportIdsAsync(CancellationToken cancellationToken) =>
        new(await RequireRingAsync(cancellationToken).ConfigureAwait(false));

    /// <inheritdoc />
    public Task RecordAsync(string action, string subject, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentNullException.ThrowIfNull(subject);
        return WriteAsync(action, async (connection, transaction) =>
        {
            await AppendAuditAsync(connection, transaction, action, subject, cancellationToken).ConfigureAwait(false);
            return 0;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<AuditCheck> VerifyAuditAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var snapshot = BeginSnapshot(connection);
        long highest;
        await using (var sequence = new Statement(connection, snapshot, "SELECT seq FROM sqlite_sequence WHERE name = 'audit'"))
        {
            highest = Convert.ToInt64(await sequence.ScalarAsync(cancellationToken).ConfigureAwait(false) ?? 0L, CultureInfo.InvariantCulture);
        }

        var events = new List<StoredAuditEvent>();
        await using (var select = new Statement(connection, snapshot, "SELECT seq, at, actor, action, subject, hash FROM audit ORDER BY seq"))
        await using (var reader = await select.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                events.Add(new StoredAuditEvent(
                    reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.NullableString(5)));
            }
        }

        var check = AuditChain.Verify(events, highest);
        Log.AuditVerified(_logger, check.Events, check.Intact);
        return check;
    }

    /// <inheritdoc />
    public Task CopyToAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return BackupAsync(path, cancellationToken);
    }

    /// <summary>Creates the project's key ring when none exists yet.</summary>
    /// <returns>True when a ring was created.</returns>
    internal async Task<bool> EnsureKeyAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var projectId = await ProjectIdAsync(connection, null, cancellationToken).ConfigureAwait(false);
        if (_keys.Load(projectId) is not null)
        {
            return false;
        }

        _keys.Save(projectId, KeyRing.Generate());
        return true;
    }

    /// <summary>A case's identity, decrypted; the view is audited whether or not there is one.</summary>
    private async Task<CaseIdentity?> ViewIdentityAsync(CaseId id, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id.Value, nameof(id));
        var identity = await WriteAsync("identity.view", async (connection, transaction) =>
        {
            var projectId = await ProjectIdAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            CaseIdentity? found = null;
            await using (var select = new Statement(connection, transaction, SelectIdentity, "$id"))
            await using (var reader = await select.ReadAsync(cancellationToken, id.Value).ConfigureAwait(false))
            {
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    var ring = await reader.IsDBNullAsync(5, cancellationToken).ConfigureAwait(false) ? null : _keys.Load(projectId);
                    using var cipher = ring is null ? null : new IdentityCipher(ring);
                    found = ReadIdentity(reader, id, 0, cipher);
                }
            }

            var subject = found is { IsLocked: true } ? $"case {id.Value}, locked" : $"case {id.Value}";
            await AppendAuditAsync(connection, transaction, "identity.view", subject, cancellationToken).ConfigureAwait(false);
            return found;
        }, cancellationToken).ConfigureAwait(false);
        Log.IdentityViewed(_logger, id.Value);
        return identity;
    }

    /// <summary>Reads the seven identity columns from <paramref name="first"/> on: five clear values, the key id and the sealed record.</summary>
    /// <returns>The identity; locked when it is encrypted and no cipher is given.</returns>
    private static CaseIdentity ReadIdentity(SqliteDataReader reader, CaseId id, int first, IdentityCipher? cipher)
    {
        if (!reader.IsDBNull(first + 5))
        {
            return cipher is null ? CaseIdentity.For(id) with { IsLocked = true } : cipher.Open(id, (byte[])reader.GetValue(first + 6));
        }

        // Stored in clear by a version before encryption, until 'dlens keys init' seals it.
        return CaseIdentity.For(id) with
        {
            RealName = reader.NullableString(first),
            Aliases = StoreJson.DeserializeStrings(reader.NullableString(first + 1)),
            Contact = reader.NullableString(first + 2),
            ExactLocation = reader.NullableString(first + 3),
            Notes = reader.NullableString(first + 4),
        };
    }

    /// <summary>The sealer that encrypts the new identities of an import ahead of the writer; null in a file from before encryption.</summary>
    /// <exception cref="UserErrorException">There are identities to store and no key (<see cref="UserErrorKind.Locked"/>).</exception>
    private async Task<IdentitySealer?> IdentityCipherAsync(
        SqliteConnection connection, SqliteTransaction transaction, string origin, IReadOnlyList<Core.Storage.CaseRecord> cases, CancellationToken cancellationToken)
    {
        var identities = cases.Select(record => record.Identity).OfType<CaseIdentity>().Where(identity => !identity.IsEmpty).ToList();
        if (identities.Count == 0
            || await SqliteSchema.GetUserVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false) < SqliteSchema.ProtectionVersion)
        {
            return null;
        }

        var projectId = await ProjectIdAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var ring = _keys.Load(projectId)
            ?? throw new UserErrorException(UserErrorKind.Locked, Messages.KeyNeededToStoreIdentities(origin, _keys.Describe(projectId)));
        return new IdentitySealer(ring, identities);
    }

    private static string InsertIdentitySql(IdentitySealer? sealer) => sealer is null
        ? "INSERT INTO case_identities (case_id, real_name, aliases, contact, exact_location, notes) VALUES ($case, $realName, $aliases, $contact, $location, $notes)"
        : "INSERT INTO case_identities (case_id, sealed, key_id) VALUES ($case, $sealed, $keyId)";

    private static string[] InsertIdentityParameters(IdentitySealer? sealer) => sealer is null
        ? ["$case", "$realName", "$aliases", "$contact", "$location", "$notes"]
        : ["$case", "$sealed", "$keyId"];

    private static object?[] InsertIdentityValues(CaseIdentity identity, IdentitySealer? sealer) => sealer is null
        ?
        [
            identity.CaseId.Value, identity.RealName, identity.Aliases.IsDefaultOrEmpty ? null : StoreJson.Serialize(identity.Aliases),
            identity.Contact, identity.ExactLocation, identity.Notes,
        ]
        : [identity.CaseId.Value, sealer.Seal(identity), sealer.KeyId];

    private async Task<KeyRing> RequireRingAsync(CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var projectId = await ProjectIdAsync(connection, null, cancellationToken).ConfigureAwait(false);
        return _keys.Load(projectId) ?? throw new UserErrorException(UserErrorKind.Locked, Messages.KeyMissing(_keys.Describe(projectId)));
    }

    private async Task<string> ProjectIdAsync(SqliteConnection connection, SqliteTransaction? transaction, CancellationToken cancellationToken)
    {
        if (_projectId is null)
        {
            await using var select = new Statement(connection, transaction, "SELECT value FROM meta WHERE key = 'project_id'");
            _projectId = await select.ScalarAsync(cancellationToken).ConfigureAwait(false) as string
                ?? throw new InvalidOperationException($"{Location}: the project has no id (schema older than {SqliteSchema.ProtectionVersion})");
        }

        return _projectId;
    }

    /// <summary>Appends an event chained to the one before it; files from before the chain get plain events.</summary>
    private async Task AppendChainedAuditAsync(
        SqliteConnection connection, SqliteTransaction transaction, string action, string subject, CancellationToken cancellationToken)
    {
        await using var audit = await AuditAppender.OpenAsync(connection, transaction, _actor, cancellationToken).ConfigureAwait(false);
        await audit.AppendAsync(Rows.TimeText(_clock.GetUtcNow()), action, subject, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Appends events to the audit within one transaction, each chained to the one before it.</summary>
    /// <remarks>
    /// The last link is read and the insert prepared once, so that an import writing one event per file in a
    /// transaction of hundreds of files does not read the chain back for each. Files from before the chain get plain events.
    /// </remarks>
    private sealed class AuditAppender : IAsyncDisposable
    {
        private const string InsertPlain = "INSERT INTO audit (at, actor, action, subject) VALUES ($at, $actor, $action, $subject)";
        private const string InsertChained = "INSERT INTO audit (seq, at, actor, action, subject, hash) VALUES ($seq, $at, $actor, $action, $subject, $hash)";

        private readonly Statement _insert;
        private readonly string _actor;
        // Null in a file from before the chain.
        private (long Sequence, string Hash)? _last;

        private AuditAppender(SqliteConnection connection, SqliteTransaction transaction, string actor, (long, string)? last)
        {
            (_actor, _last) = (actor, last);
            _insert = last is null
                ? new Statement(connection, transaction, InsertPlain, "$at", "$actor", "$action", "$subject")
                : new Statement(connection, transaction, InsertChained, "$seq", "$at", "$actor", "$action", "$subject", "$hash");
        }

        public static async Task<AuditAppender> OpenAsync(
            SqliteConnection connection, SqliteTransaction transaction, string actor, CancellationToken cancellationToken)
        {
            if (await SqliteSchema.GetUserVersionAsync(connection, transaction, cancellationToken).ConfigureAwait(false) < SqliteSchema.ProtectionVersion)
            {
                return new AuditAppender(connection, transaction, actor, null);
            }

            var (last, previous) = (0L, AuditChain.Genesis);
            await using (var select = new Statement(connection, transaction, "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1"))
            await using (var reader = await select.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                {
                    last = reader.GetInt64(0);
                    previous = reader.NullableString(1) ?? string.Empty;
                }
            }

            if (previous.Length == 0)
            {
                // The first chained event after an upgrade: its link covers every event written before the chain.
                previous = await ChainOfUnhashedEventsAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
            }

            return new AuditAppender(connection, transaction, actor, (last, previous));
        }

        public async Task AppendAsync(string at, string action, string subject, CancellationToken cancellationToken)
        {
            if (_last is not { } last)
            {
                await _insert.ExecuteAsync(cancellationToken, at, _actor, action, subject).ConfigureAwait(false);
                return;
            }

            var sequence = last.Sequence + 1;
            var hash = AuditChain.Hash(sequence, at, _actor, action, subject, last.Hash);
            await _insert.ExecuteAsync(cancellationToken, sequence, at, _actor, action, subject, hash).ConfigureAwait(false);
            _last = (sequence, hash);
        }

        public ValueTask DisposeAsync() => _insert.DisposeAsync();
    }

    private static async Task<string> ChainOfUnhashedEventsAsync(SqliteConnection connection, SqliteTransaction transaction, CancellationToken cancellationToken)
    {
        var previous = AuditChain.Genesis;
        await using var select = new Statement(connection, transaction, "SELECT seq, at, actor, action, subject FROM audit ORDER BY seq");
        await using var reader = await select.ReadAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            previous = AuditChain.Hash(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), previous);
        }

        return previous;
    }
}

namespace DefectorLens.Cli;

/// <summary>An audit event as printed by <c>dlens audit show --json</c>.</summary>
internal sealed record AuditEventJson(long Sequence, DateTimeOffset At, string Actor, string Action, string Subject);

/// <summary>What <c>dlens audit verify --json</c> found.</summary>
internal sealed record AuditCheckJson(bool Intact, int Events, long? FirstBadSequence, string? Problem, string? HeadHash);

/// <summary>How a project's identities are protected, as printed by <c>dlens keys status --json</c>.</summary>
internal sealed record KeyStatusJson(string ProjectId, string KeyFile, bool Unlocked, string? KeyId, int Identities, int StaleIdentities);

/// <summary>What <c>dlens keys init|rotate --json</c> did.</summary>
internal sealed record KeyChangeJson(string KeyFile, string KeyId, string? RetiredKeyId, int Reencrypted);

/// <summary>What <c>dlens backup --json</c> wrote.</summary>
internal sealed record BackupJson(string File, long Bytes, string? KeyId);

/// <summary>What <c>dlens restore --json</c> restored.</summary>
internal sealed record RestoreJson(string Project, int AuditEvents);

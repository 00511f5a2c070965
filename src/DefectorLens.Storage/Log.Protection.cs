using Microsoft.Extensions.Logging;

namespace DefectorLens.Storage;

/// <summary>What the store logs about protection: key ids and counts, never key material or identity values.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Re-encrypted {Count} identities under key {KeyId}")]
    public static partial void IdentitiesReencrypted(ILogger logger, int count, string keyId);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Verified {Events} audit events: intact {Intact}")]
    public static partial void AuditVerified(ILogger logger, int events, bool intact);
}

using System.Security.Cryptography;
using System.Text;

namespace DefectorLens.Core.Protection;

/// <summary>The hash chain of the audit log: each event's hash covers the event and the hash of the one before.</summary>
/// <remarks>
/// The canonical form is each field length-prefixed, then the previous hash, in UTF-8: no two different events or chains
/// share one. Editing an event changes its hash and every hash after it; removing one breaks its successor's link.
/// </remarks>
public static class AuditChain
{
    /// <summary>The "previous hash" of the first event.</summary>
    public static string Genesis { get; } = new('0', 64);

    /// <summary>The hash of an event as stored (its time as the stored text), chained to the hash before it.</summary>
    public static string Hash(long sequence, string at, string actor, string action, string subject, string previousHash)
    {
        ArgumentNullException.ThrowIfNull(at);
        ArgumentNullException.ThrowIfNull(actor);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(previousHash);
        var canonical = new StringBuilder();
        foreach (var part in new[] { sequence.ToString(System.Globalization.CultureInfo.InvariantCulture), at, actor, action, subject, previousHash })
        {
            canonical.Append(part.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(':').Append(part).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())));
    }

    /// <summary>Checks a log read in sequence order.</summary>
    /// <param name="events">Every event with its stored hash; null hashes are events written before the chain existed.</param>
    /// <param name="highestSequenceEverUsed">The highest sequence number the database ever handed out, to catch removed last events.</param>
    public static AuditCheck Verify(IEnumerable<StoredAuditEvent> events, long highestSequenceEverUsed)
    {
        ArgumentNullException.ThrowIfNull(events);
        var previous = Genesis;
        var expected = 1L;
        var count = 0;
        foreach (var e in events)
        {
            count++;
            if (e.Sequence != expected)
            {
                return AuditCheck.Broken(count, expected, Messages.AuditEventMissing(expected, e.Sequence));
            }

            var hash = Hash(e.Sequence, e.At, e.Actor, e.Action, e.Subject, previous);
            if (e.Hash is not null && !string.Equals(e.Hash, hash, StringComparison.Ordinal))
            {
                return AuditCheck.Broken(count, e.Sequence, Messages.AuditEventAltered(e.Sequence));
            }

            previous = hash;
            expected++;
        }

        return highestSequenceEverUsed >= expected
            ? AuditCheck.Broken(count, expected, Messages.AuditTailRemoved(expected, highestSequenceEverUsed))
            : new AuditCheck(count, true, null, null, previous);
    }
}

/// <summary>An audit event as stored, with the hash written beside it.</summary>
/// <param name="Sequence">Position in the log, from 1.</param>
/// <param name="At">The time as stored text.</param>
/// <param name="Actor">Who.</param>
/// <param name="Action">What.</param>
/// <param name="Subject">To what.</param>
/// <param name="Hash">The chain hash stored with it; null for events written before the chain existed.</param>
public sealed record StoredAuditEvent(long Sequence, string At, string Actor, string Action, string Subject, string? Hash);

/// <summary>What checking the audit log found.</summary>
/// <param name="Events">Events read.</param>
/// <param name="Intact">True when every link holds and nothing is missing.</param>
/// <param name="FirstBadSequence">The first event that fails, when one does.</param>
/// <param name="Problem">What is wrong, when something is.</param>
/// <param name="HeadHash">The hash of the last event when intact: write it down to detect a later truncation.</param>
public sealed record AuditCheck(int Events, bool Intact, long? FirstBadSequence, string? Problem, string? HeadHash)
{
    /// <summary>A failed check.</summary>
    public static AuditCheck Broken(int events, long sequence, string problem) => new(events, false, sequence, problem, null);
}

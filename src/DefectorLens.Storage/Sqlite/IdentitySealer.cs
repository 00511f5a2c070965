using DefectorLens.Core.Model;
using DefectorLens.Core.Protection;

namespace DefectorLens.Storage.Sqlite;

/// <summary>Encrypts the identities of an import on another thread, ahead of the writer that stores them.</summary>
/// <remarks>
/// <para>
/// Sealing a case costs one AES-GCM operation per value: a fraction of what inserting the case costs, but on the
/// writer's thread it would add that fraction to every import. A background worker seals the identities in the order the
/// writer stores them, so the writer finds each one already sealed and the encryption runs on the other core.
/// </para>
/// <para>
/// The writer never waits for the worker: it takes a container the worker has published, and seals the identity itself
/// when there is none yet (the worker, finding it taken, discards its own and moves on). So a worker descheduled on a
/// busy machine costs the writer nothing but the sealing it would have done anyway. Identities asked for out of order
/// are sealed by the writer too. Nothing but ciphertext is kept.
/// </para>
/// </remarks>
internal sealed class IdentitySealer : IDisposable
{
    private const int Free = 0;
    private const int Sealed = 1;
    private const int Taken = 2;

    // How far the worker may run ahead of the writer: keeps the ciphertext held at once small and short-lived, so it dies young instead of reaching an older GC generation.
    private const int MaxLead = 512;

    private readonly CaseIdentity[] _identities;
    private readonly byte[]?[] _sealed;
    private readonly int[] _states;
    private readonly IdentityCipher _writerCipher;
    private readonly IdentityCipher _workerCipher;
    private readonly Task _worker;
    private volatile bool _stopped;
    private int _next;

    /// <summary>Starts sealing <paramref name="identities"/>, in the order they will be asked for.</summary>
    public IdentitySealer(KeyRing ring, IReadOnlyList<CaseIdentity> identities)
    {
        ArgumentNullException.ThrowIfNull(ring);
        ArgumentNullException.ThrowIfNull(identities);
        _identities = [.. identities];
        _sealed = new byte[]?[_identities.Length];
        _states = new int[_identities.Length];
        _writerCipher = new IdentityCipher(ring);
        _workerCipher = new IdentityCipher(ring);
        _worker = Task.Factory.StartNew(Work, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    /// <summary>The id of the key identities are sealed with.</summary>
    public string KeyId => _writerCipher.CurrentKeyId;

    /// <summary>The sealed container of the next identity: the worker's when it got there first, sealed here otherwise.</summary>
    public byte[] Seal(CaseIdentity identity)
    {
        ArgumentNullException.ThrowIfNull(identity);
        var index = _next;
        if (index >= _identities.Length || !ReferenceEquals(_identities[index], identity))
        {
            return _writerCipher.Seal(identity);
        }

        Volatile.Write(ref _next, index + 1);
        if (Interlocked.CompareExchange(ref _states[index], Taken, Free) == Free)
        {
            return _writerCipher.Seal(identity);
        }

        var blob = _sealed[index]!;
        _sealed[index] = null;
        return blob;
    }

    /// <summary>Stops the worker and forgets the keys.</summary>
    public void Dispose()
    {
        _stopped = true;
        _worker.Wait();
        _workerCipher.Dispose();
        _writerCipher.Dispose();
    }

    private void Work()
    {
        var i = 0;
        while (i < _identities.Length && !_stopped)
        {
            var next = Volatile.Read(ref _next);
            if (i < next)
            {
                // Behind the writer: what it passed is sealed already.
                i = next;
                continue;
            }

            if (i - next > MaxLead)
            {
                Thread.Sleep(1);
                continue;
            }

            if (Volatile.Read(ref _states[i]) == Free && TrySeal(_identities[i]) is { } blob)
            {
                _sealed[i] = blob;
                if (Interlocked.CompareExchange(ref _states[i], Sealed, Free) != Free)
                {
                    _sealed[i] = null;
                }
            }

            i++;
        }
    }

    // An identity that cannot be sealed is left to the writer, which meets the same error where the import reports it.
    private byte[]? TrySeal(CaseIdentity identity)
    {
        try
        {
            return _workerCipher.Seal(identity);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }
}

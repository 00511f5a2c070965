namespace DefectorLens.Core.Protection;

/// <summary>How a project's identities are protected right now.</summary>
/// <param name="ProjectId">The project's random id, which names its key file.</param>
/// <param name="KeyLocation">Where the key ring is looked for.</param>
/// <param name="CurrentKeyId">The id of the key new values are encrypted with; null when no key is at hand.</param>
/// <param name="Identities">Cases with an identity stored.</param>
/// <param name="StaleValues">Identities not under the current key: under a retired key, or in clear from before encryption existed.</param>
public sealed record ProtectionStatus(string ProjectId, string KeyLocation, string? CurrentKeyId, int Identities, int StaleValues)
{
    /// <summary>True when the key is at hand, so identities can be stored and read.</summary>
    public bool Unlocked => CurrentKeyId is not null;
}

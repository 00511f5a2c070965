using DefectorLens.Core;
using DefectorLens.Core.Storage;
using DefectorLens.Statistics;

namespace DefectorLens.Services;

/// <summary>Case-level prevalence of every code of a project.</summary>
/// <param name="Cases">All cases of the project: the denominator.</param>
/// <param name="Coder">The coder the figures are restricted to, or null for every coder.</param>
/// <param name="Rows">One row per leaf code of the codebook, in codebook order.</param>
public sealed record PrevalenceResult(int Cases, string? Coder, IReadOnlyList<PrevalenceRow> Rows);

/// <summary>The statistics of a project.</summary>
public static class Analysis
{
    /// <summary>Prevalence of each leaf code among cases, with 95% Wilson intervals.</summary>
    /// <exception cref="UserErrorException">The filter names a coder the project does not have.</exception>
    public static async Task<PrevalenceResult> PrevalenceAsync(IProjectStore store, CodingFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(filter);
        await EnsureCoderExistsAsync(store, filter.Coder, cancellationToken).ConfigureAwait(false);
        var codebook = await store.GetCodebookAsync(cancellationToken).ConfigureAwait(false);
        var info = await store.GetInfoAsync(cancellationToken).ConfigureAwait(false);
        var caseCodes = await store.GetCaseCodesAsync(filter, cancellationToken).ConfigureAwait(false);
        var codes = codebook.Leaves.Select(code => (code.Id, code.Name)).ToList();
        return new PrevalenceResult(info.Cases, filter.Coder, Prevalence.Compute(codes, caseCodes, info.Cases));
    }

    internal static async Task EnsureCoderExistsAsync(IProjectStore store, string? coder, CancellationToken cancellationToken)
    {
        if (coder is null)
        {
            return;
        }

        var names = (await store.GetCodersAsync(cancellationToken).ConfigureAwait(false)).Select(c => c.Name).Distinct().Order(StringComparer.Ordinal).ToList();
        if (!names.Contains(coder, StringComparer.Ordinal))
        {
            throw new UserErrorException(UserErrorKind.NotFound, Messages.UnknownCoder(coder, names));
        }
    }
}

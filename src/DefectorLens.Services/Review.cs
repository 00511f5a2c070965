using DefectorLens.Core;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;

namespace DefectorLens.Services;

/// <summary>Which machine suggestions a review walks through.</summary>
public sealed record ReviewFilter
{
    private ReviewFilter(CodeId? code, int? limit, double minConfidence, double maxConfidence) =>
        (Code, Limit, MinConfidence, MaxConfidence) = (code, limit, minConfidence, maxConfidence);

    /// <summary>Only suggestions of this code; null for every code.</summary>
    public CodeId? Code { get; }

    /// <summary>At most this many suggestions; null for all.</summary>
    public int? Limit { get; }

    /// <summary>Only suggestions at least this confident.</summary>
    public double MinConfidence { get; }

    /// <summary>Only suggestions at most this confident.</summary>
    public double MaxConfidence { get; }

    /// <summary>Every suggestion.</summary>
    public static ReviewFilter All { get; } = new(null, null, 0, 1);

    /// <summary>Makes a filter, refusing bounds outside 0 to 1 or crossed, and a limit below one.</summary>
    /// <exception cref="UserErrorException">A bound or the limit is out of range (<see cref="UserErrorKind.InvalidInput"/>).</exception>
    public static ReviewFilter Create(CodeId? code, int? limit, double minConfidence, double maxConfidence)
    {
        if (!(minConfidence is >= 0 and <= 1))
        {
            throw new UserErrorException(UserErrorKind.InvalidInput, Messages.ConfidenceBoundOutOfRange("--min-confidence", minConfidence));
        }

        if (!(maxConfidence is >= 0 and <= 1))
        {
            throw new UserErrorException(UserErrorKind.InvalidInput, Messages.ConfidenceBoundOutOfRange("--max-confidence", maxConfidence));
        }

        if (minConfidence > maxConfidence)
        {
            throw new UserErrorException(UserErrorKind.InvalidInput, Messages.ConfidenceBoundsCrossed(minConfidence, maxConfidence));
        }

        if (limit is < 1)
        {
            throw new UserErrorException(UserErrorKind.InvalidInput, Messages.LimitNotPositive(limit.Value));
        }

        return new ReviewFilter(code, limit, minConfidence, maxConfidence);
    }
}

/// <summary>A suggestion as a reviewer sees it.</summary>
/// <param name="Suggestion">The machine's coding and its segment.</param>
/// <param name="Text">The segment's words.</param>
/// <param name="SourceTitle">The title of the source it is from.</param>
/// <param name="Cases">The pseudonym of the case speaking, or for narration those of every case of the source.</param>
public sealed record ReviewItem(MachineSuggestion Suggestion, string Text, string SourceTitle, IReadOnlyList<string> Cases)
{
    /// <summary>True when the words are the case's own rather than narration.</summary>
    public bool OwnWords => Suggestion.Segment.Speaker is not null;
}

/// <summary>What a reviewer answers to one suggestion.</summary>
public enum ReviewAnswerKind
{
    /// <summary>The code is right.</summary>
    Accept,

    /// <summary>The code is wrong.</summary>
    Reject,

    /// <summary>Another code is right.</summary>
    Change,

    /// <summary>Decide later: the suggestion stays in the queue.</summary>
    Skip,

    /// <summary>Stop reviewing; what was decided stays.</summary>
    Quit,
}

/// <summary>A reviewer's answer to one suggestion.</summary>
/// <param name="Kind">Accept, reject, change, skip or quit.</param>
/// <param name="Code">With <see cref="ReviewAnswerKind.Change"/>: the code to give instead.</param>
public sealed record ReviewAnswer(ReviewAnswerKind Kind, CodeId? Code = null)
{
    /// <summary>The verdict the answer records, or null for skip and quit, which record nothing.</summary>
    public ReviewVerdict? Verdict => Kind switch
    {
        ReviewAnswerKind.Accept => ReviewVerdict.Accepted,
        ReviewAnswerKind.Reject => ReviewVerdict.Rejected,
        ReviewAnswerKind.Change => ReviewVerdict.Changed,
        _ => null,
    };

    /// <summary>Reads a typed answer: <c>a</c>, <c>r</c>, <c>c CODE</c>, <c>s</c> or <c>q</c>.</summary>
    /// <exception cref="UserErrorException">The answer is none of these, or names a code the codebook does not give or the suggested one itself.</exception>
    public static ReviewAnswer Parse(string line, Codebook codebook, CodeId suggested)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(codebook);
        var words = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return words switch
        {
            ["a"] => new ReviewAnswer(ReviewAnswerKind.Accept),
            ["r"] => new ReviewAnswer(ReviewAnswerKind.Reject),
            ["s"] => new ReviewAnswer(ReviewAnswerKind.Skip),
            ["q"] => new ReviewAnswer(ReviewAnswerKind.Quit),
            ["c"] => throw new UserErrorException(UserErrorKind.InvalidInput, Messages.ReviewChangeWithoutCode),
            ["c", var code] => Change(new CodeId(code), codebook, suggested),
            _ => throw new UserErrorException(UserErrorKind.InvalidInput, Messages.ReviewAnswerUnknown(line.Trim())),
        };
    }

    /// <summary>An answer giving <paramref name="code"/> instead of the suggested code.</summary>
    /// <exception cref="UserErrorException">The codebook does not give the code, or it is the suggested one.</exception>
    public static ReviewAnswer Change(CodeId code, Codebook codebook, CodeId suggested)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        Reviewing.EnsureGiven(code, codebook);
        if (code == suggested)
        {
            throw new UserErrorException(UserErrorKind.InvalidInput, Messages.ReviewChangeToSame(code.Value));
        }

        return new ReviewAnswer(ReviewAnswerKind.Change, code);
    }
}

/// <summary>Walks a person through machine suggestions, most uncertain first, and records each decision.</summary>
/// <remarks>
/// The queue is an active-learning order: suggestions by a model come first, those whose confidence lies closest to one
/// half first, since those are the ones the model learns most from; suggestions by rules alone follow, least confident
/// first. A span and code suggested by several machine coders is offered once, as the model's (or else the most confident).
/// </remarks>
public static class Reviewing
{
    private const double Undecided = 0.5;

    /// <summary>The suggestions to review, in the order a person should see them.</summary>
    /// <exception cref="UserErrorException">
    /// The project holds no machine codings at all, or the filter names a code the codebook does not give
    /// (<see cref="UserErrorKind.InvalidInput"/>).
    /// </exception>
    public static async Task<IReadOnlyList<ReviewItem>> QueueAsync(IProjectStore store, ReviewFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Code is { } code)
        {
            EnsureGiven(code, await store.GetCodebookAsync(cancellationToken).ConfigureAwait(false));
        }

        var coders = await store.GetCodersAsync(cancellationToken).ConfigureAwait(false);
        if (coders.All(coder => coder.Kind == CoderKind.Person))
        {
            throw new UserErrorException(UserErrorKind.InvalidInput, Messages.NothingToReview);
        }

        var suggestions = (await store.GetMachineSuggestionsAsync(cancellationToken).ConfigureAwait(false))
            .Where(suggestion => filter.Code is null || suggestion.Coding.Code == filter.Code)
            .GroupBy(suggestion => (suggestion.Segment.Source, suggestion.Segment.Start, suggestion.Segment.End, suggestion.Coding.Code))
            .Select(same => same
                .OrderBy(suggestion => suggestion.Coding.Coder.Kind == CoderKind.Model ? 0 : 1)
                .ThenByDescending(suggestion => suggestion.Coding.Confidence ?? 1)
                .First())
            .Where(suggestion => (suggestion.Coding.Confidence ?? 1) is var confidence
                && confidence >= filter.MinConfidence && confidence <= filter.MaxConfidence)
            .OrderBy(suggestion => suggestion.Coding.Coder.Kind == CoderKind.Model ? 0 : 1)
            .ThenBy(suggestion => suggestion.Coding.Coder.Kind == CoderKind.Model
                ? Math.Abs((suggestion.Coding.Confidence ?? 1) - Undecided)
                : suggestion.Coding.Confidence ?? 1)
            .ThenBy(suggestion => suggestion.Segment.Source.Value, StringComparer.Ordinal)
            .ThenBy(suggestion => suggestion.Segment.Start)
            .ThenBy(suggestion => suggestion.Coding.Code.Value, StringComparer.Ordinal)
            .Take(filter.Limit ?? int.MaxValue)
            .ToList();

        var pseudonyms = (await store.GetCasesAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(c => c.Id, c => c.Pseudonym);
        var sources = new Dictionary<SourceId, Source>();
        foreach (var id in suggestions.Select(suggestion => suggestion.Segment.Source).Distinct())
        {
            sources[id] = await store.GetSourceAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new UserErrorException(UserErrorKind.NotFound, Messages.SourceNotInProject(Messages.ReviewPlace, id.Value));
        }

        return [.. suggestions.Select(suggestion =>
        {
            var segment = suggestion.Segment;
            var source = sources[segment.Source];
            IReadOnlyList<string> cases = segment.Speaker is { } speaker
                ? [pseudonyms[speaker]]
                : [.. source.Cases.Select(id => pseudonyms[id])];
            return new ReviewItem(suggestion, source.Text[segment.Start..segment.End], source.Metadata.Title, cases);
        })];
    }

    /// <summary>The person a review's decisions are attributed to.</summary>
    /// <exception cref="UserErrorException">No name was given, or it is the name of a machine coder (<see cref="UserErrorKind.InvalidInput"/>).</exception>
    public static async Task<Coder> ReviewerAsync(IProjectStore store, string? name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (string.IsNullOrWhiteSpace(name))
        {
            throw new UserErrorException(UserErrorKind.InvalidInput, Messages.ReviewCoderMissing);
        }

        // 'dlens code --auto' replaces every coding by its coder's name, whatever the kind: a reviewer sharing it would lose theirs.
        var coders = await store.GetCodersAsync(cancellationToken).ConfigureAwait(false);
        string[] machineNames = ["auto", "model", "lexicon", .. coders.Where(coder => coder.Kind != CoderKind.Person).Select(coder => coder.Name)];
        if (machineNames.Contains(name, StringComparer.Ordinal))
        {
            throw new UserErrorException(UserErrorKind.InvalidInput, Messages.ReviewCoderIsMachine(name));
        }

        return Coder.Person(name);
    }

    /// <summary>Records an accept, reject or change as one store write with its audit event; skip and quit record nothing.</summary>
    /// <returns>True when something was recorded.</returns>
    public static async Task<bool> DecideAsync(
        IProjectStore store, ReviewItem item, ReviewAnswer answer, Coder reviewer, string codebookVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Verdict is not { } verdict)
        {
            return false;
        }

        await store.RecordReviewAsync(new ReviewDecisionDraft(item.Suggestion, verdict, reviewer, answer.Code, codebookVersion), cancellationToken)
            .ConfigureAwait(false);
        return true;
    }

    /// <summary>Throws unless the codebook gives <paramref name="code"/> to texts (it is one of its leaves).</summary>
    /// <exception cref="UserErrorException">It does not (<see cref="UserErrorKind.InvalidInput"/>).</exception>
    public static void EnsureGiven(CodeId code, Codebook codebook)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        if (!codebook.Leaves.Any(leaf => leaf.Id == code))
        {
            throw new UserErrorException(UserErrorKind.InvalidInput, Messages.ReviewCodeUnknown(code.Value, $"{codebook.Id} {codebook.Version}"));
        }
    }
}

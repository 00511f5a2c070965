using System.Globalization;
using DefectorLens.Core;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;
using Microsoft.Data.Sqlite;

namespace DefectorLens.Storage.Sqlite;

/// <summary>Reviewing machine suggestions: the queue, and each decision with the person's coding it makes.</summary>
internal sealed partial class SqliteProjectStore
{
    /// <inheritdoc />
    /// <remarks>In source, span and code order; the reviewing service decides the order a person sees them in.</remarks>
    public async Task<IReadOnlyList<MachineSuggestion>> GetMachineSuggestionsAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT k.segment_id, k.code_id, c.name, c.kind, c.version, k.codebook_version, k.confidence, k.explanation,
                   g.source_id, g.start_offset, g.end_offset, g.speaker_case_id, s.length
            FROM codings k
            JOIN coders c ON c.id = k.coder_id
            JOIN segments g ON g.id = k.segment_id
            JOIN sources s ON s.id = g.source_id
            WHERE c.kind <> 'person'
              AND NOT EXISTS (
                  SELECT 1 FROM review_decisions d
                  WHERE d.source_id = g.source_id AND d.start_offset = g.start_offset AND d.end_offset = g.end_offset
                    AND d.code_id = k.code_id)
              AND NOT EXISTS (
                  SELECT 1 FROM codings h JOIN coders p ON p.id = h.coder_id
                  WHERE h.segment_id = g.id AND h.code_id = k.code_id AND p.kind = 'person')
            ORDER BY g.source_id, g.start_offset, g.end_offset, k.code_id, c.name, c.version
            """;
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var statement = new Statement(connection, null, sql);
        await using var reader = await statement.ReadAsync(cancellationToken).ConfigureAwait(false);
        var suggestions = new List<MachineSuggestion>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var speaker = reader.NullableString(11);
            var segment = Segment.Create(
                new SegmentId(reader.GetInt64(0)), new SourceId(reader.GetString(8)), reader.GetInt32(9), reader.GetInt32(10),
                speaker is null ? null : new CaseId(speaker), reader.GetInt32(12));
            suggestions.Add(new MachineSuggestion(segment, ReadCoding(reader)));
        }

        return suggestions;
    }

    /// <inheritdoc />
    /// <remarks>
    /// An accepted or changed suggestion adds the reviewer's coding to the suggestion's segment (or to one with the same
    /// source, span and speaker, should the machine's run have been replaced meanwhile).
    /// </remarks>
    public async Task RecordReviewAsync(ReviewDecisionDraft decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        ArgumentNullException.ThrowIfNull(decision.Suggestion);
        ArgumentNullException.ThrowIfNull(decision.Reviewer);
        ArgumentException.ThrowIfNullOrWhiteSpace(decision.CodebookVersion);
        if (decision.Reviewer.Kind != CoderKind.Person)
        {
            throw new ArgumentException("a reviewer is a person", nameof(decision));
        }

        if ((decision.Verdict == ReviewVerdict.Changed) != (decision.NewCode is not null))
        {
            throw new ArgumentException("a changed suggestion, and only that, names the code given instead", nameof(decision));
        }

        var (segment, coding) = (decision.Suggestion.Segment, decision.Suggestion.Coding);
        var given = decision.Verdict switch
        {
            ReviewVerdict.Accepted => coding.Code,
            ReviewVerdict.Changed => decision.NewCode,
            _ => (CodeId?)null,
        };
        const string insert = """
            INSERT INTO review_decisions (
                source_id, start_offset, end_offset, code_id, suggester_name, suggester_kind, suggester_version, confidence,
                verdict, new_code_id, reviewer, decided_at)
            VALUES ($source, $start, $end, $code, $name, $kind, $version, $confidence, $verdict, $newCode, $reviewer, $at)
            """;
        var action = "review." + VerdictWord(decision.Verdict);
        await WriteAsync(action, async (connection, transaction) =>
        {
            await using (var statement = new Statement(
                connection, transaction, insert, "$source", "$start", "$end", "$code", "$name", "$kind", "$version", "$confidence",
                "$verdict", "$newCode", "$reviewer", "$at"))
            {
                try
                {
                    await statement.ExecuteAsync(
                        cancellationToken, segment.Source.Value, segment.Start, segment.End, coding.Code.Value, coding.Coder.Name,
                        Vocabulary.Name(coding.Coder.Kind), coding.Coder.Version, coding.Confidence, VerdictWord(decision.Verdict),
                        decision.NewCode?.Value, decision.Reviewer.Name, Rows.TimeText(_clock.GetUtcNow())).ConfigureAwait(false);
                }
                catch (SqliteException exception) when (exception.IsDuplicateKey())
                {
                    throw new UserErrorException(
                        UserErrorKind.Conflict,
                        Messages.ReviewAlreadyDecided(segment.Source.Value, segment.Start, segment.End, coding.Code.Value),
                        exception);
                }
                catch (SqliteException exception) when (exception.IsMissingReference())
                {
                    throw new UserErrorException(
                        UserErrorKind.NotFound, Messages.SourceNotInProject(Messages.ReviewPlace, segment.Source.Value), exception);
                }
            }

            if (given is { } code)
            {
                var draft = new SegmentDraft(
                    segment.Start, segment.End, segment.Speaker,
                    [new CodingDraft(code, decision.Reviewer, decision.CodebookVersion, null, null)]);
                await using var writer = new CodingWriter(connection, transaction);
                var segmentId = await writer.SegmentAsync(Messages.ReviewPlace, segment.Source, draft, CodingWriter.CoderOrigin, cancellationToken)
                    .ConfigureAwait(false);
                await writer.CodingsAsync(segmentId, draft.Codings, cancellationToken).ConfigureAwait(false);
            }

            var subject = string.Create(
                CultureInfo.InvariantCulture,
                $"source {segment.Source.Value} [{segment.Start}, {segment.End}) code {coding.Code.Value} by {coding.Coder.Name} {coding.Coder.Version}: {VerdictWord(decision.Verdict)}{(decision.NewCode is { } changed ? " to " + changed.Value : "")} by {decision.Reviewer.Name}");
            await AppendAuditAsync(connection, transaction, action, subject, cancellationToken).ConfigureAwait(false);
            return true;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ReviewDecision>> GetReviewDecisionsAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT source_id, start_offset, end_offset, code_id, suggester_name, suggester_kind, suggester_version, confidence,
                   verdict, new_code_id, reviewer, decided_at
            FROM review_decisions ORDER BY id
            """;
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var statement = new Statement(connection, null, sql);
        await using var reader = await statement.ReadAsync(cancellationToken).ConfigureAwait(false);
        var decisions = new List<ReviewDecision>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var newCode = reader.NullableString(9);
            decisions.Add(new ReviewDecision(
                new SourceId(reader.GetString(0)), reader.GetInt32(1), reader.GetInt32(2), new CodeId(reader.GetString(3)),
                new Coder(reader.GetString(4), reader.ReadCoderKind(5), reader.GetString(6)), reader.NullableDouble(7),
                ReadVerdict(reader.GetString(8)), newCode is null ? null : new CodeId(newCode), reader.GetString(10), reader.ReadTime(11)));
        }

        return decisions;
    }

    private static string VerdictWord(ReviewVerdict verdict) => verdict switch
    {
        ReviewVerdict.Accepted => "accepted",
        ReviewVerdict.Rejected => "rejected",
        ReviewVerdict.Changed => "changed",
        _ => throw new ArgumentOutOfRangeException(nameof(verdict), verdict, null),
    };

    private static ReviewVerdict ReadVerdict(string word) => word switch
    {
        "accepted" => ReviewVerdict.Accepted,
        "rejected" => ReviewVerdict.Rejected,
        "changed" => ReviewVerdict.Changed,
        _ => throw new InvalidDataException($"unknown review verdict '{word}'"),
    };
}

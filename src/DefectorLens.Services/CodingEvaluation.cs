using System.Collections.Immutable;
using DefectorLens.Coding;
using DefectorLens.Coding.Evaluation;
using DefectorLens.Coding.Model;
using DefectorLens.Core;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Storage;

namespace DefectorLens.Services;

/// <summary>Measures the automatic coder against codings people made.</summary>
public static class CodingEvaluation
{
    /// <summary>Scores the coder on a gold file: per code, overall and per language.</summary>
    public static async Task<EvaluationReport> EvaluateGoldAsync(string goldFile, Codebook codebook, AutoCoder coder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentNullException.ThrowIfNull(coder);
        var items = await LabelledFiles.ReadAsync(goldFile, codebook, cancellationToken).ConfigureAwait(false);
        return Evaluate(items, codebook, coder, cancellationToken);
    }

    /// <summary>Scores the coder on labelled texts, using every core.</summary>
    public static EvaluationReport Evaluate(IReadOnlyList<LabelledText> items, Codebook codebook, AutoCoder coder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentNullException.ThrowIfNull(coder);
        var judged = new Judged[items.Count];
        Parallel.For(
            0, items.Count, new ParallelOptions { CancellationToken = cancellationToken }, coder.OpenSession,
            (i, _, session) =>
            {
                judged[i] = new Judged(items[i], session.Label(items[i].Text, items[i].Language).Select(label => label.Code).ToHashSet());
                return session;
            },
            _ => { });
        return MultiLabelEvaluation.Evaluate(judged, [.. codebook.Leaves.Select(code => code.Id)]);
    }

    /// <summary>k-fold cross-validation inside a project: a model trained on the other folds codes each fold, scored against people's codings.</summary>
    /// <exception cref="UserErrorException">The project has fewer segments coded by a person than folds.</exception>
    public static async Task<EvaluationReport> EvaluateProjectAsync(
        IProjectStore store, AutoCoderMode mode, int folds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var codebook = await store.GetCodebookAsync(cancellationToken).ConfigureAwait(false);
        var items = await ModelTraining.HumanCodedAsync(store, codebook, cancellationToken).ConfigureAwait(false);
        if (items.Count == 0)
        {
            throw new UserErrorException(UserErrorKind.InvalidInput, Messages.NoHumanCodings);
        }

        if (items.Count < folds)
        {
            throw new UserErrorException(UserErrorKind.InvalidInput, Messages.TooFewHumanCodings(items.Count, folds));
        }

        return CrossValidate(items, codebook, mode, folds, cancellationToken);
    }

    /// <summary>k-fold cross-validation on a gold file: a model trained on the other folds, with the codebook's rules, codes each fold.</summary>
    /// <remarks>Every <paramref name="folds"/>-th text, counted from the file's first, is in the same fold, as inside a project.</remarks>
    /// <exception cref="UserErrorException">The file holds fewer texts than folds.</exception>
    public static async Task<EvaluationReport> CrossValidateGoldAsync(
        string goldFile, Codebook codebook, AutoCoderMode mode, int folds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentOutOfRangeException.ThrowIfLessThan(folds, 2);
        var items = await LabelledFiles.ReadAsync(goldFile, codebook, cancellationToken).ConfigureAwait(false);
        if (items.Count < folds)
        {
            throw new UserErrorException(UserErrorKind.InvalidInput, Messages.TooFewGoldTexts(Path.GetFileName(goldFile), items.Count, folds));
        }

        return CrossValidate(items, codebook, mode, folds, cancellationToken);
    }

    private static EvaluationReport CrossValidate(
        IReadOnlyList<LabelledText> items, Codebook codebook, AutoCoderMode mode, int folds, CancellationToken cancellationToken)
    {
        var judged = new List<Judged>();
        for (var fold = 0; fold < folds; fold++)
        {
            var held = fold;
            var test = items.Where((_, i) => i % folds == held).ToList();
            var train = items.Where((_, i) => i % folds != held).ToList();
            var model = mode == AutoCoderMode.RulesOnly || !train.Any(item => !item.Labels.IsEmpty)
                ? null
                : ModelTraining.Train(train, codebook, $"fold.{fold + 1}", cancellationToken);
            var coder = new AutoCoder(codebook, model, model is null ? AutoCoderMode.RulesOnly : mode);
            var session = coder.OpenSession();
            judged.AddRange(test.Select(item => new Judged(item, session.Label(item.Text, item.Language).Select(label => label.Code).ToHashSet())));
        }

        ImmutableArray<Core.Model.CodeId> codes = [.. codebook.Leaves.Select(code => code.Id)];
        return MultiLabelEvaluation.Evaluate(judged, codes);
    }
}

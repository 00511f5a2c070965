using System.Collections.Immutable;
using System.Text.Json;
using DefectorLens.Coding.Model;
using DefectorLens.Coding.Rules;
using DefectorLens.Core;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;
using DefectorLens.Core.Storage;

namespace DefectorLens.Services;

/// <summary>What a training run produced.</summary>
/// <param name="Model">The trained model.</param>
/// <param name="ProjectVersion">Its version in the project, when it was stored in one.</param>
public sealed record TrainingResult(TextModel Model, int? ProjectVersion);

/// <summary>Trains the model coder on a gold file or on a project's human codings.</summary>
public static class ModelTraining
{
    /// <summary>Trains on a gold file and writes the model archive to <paramref name="output"/>, as the shipped model is made.</summary>
    /// <remarks>The archive is written to a temporary file first and moved into place, so a failure leaves no half-written model.</remarks>
    public static async Task<TrainingResult> TrainFromGoldAsync(
        string goldFile, Codebook codebook, string version, string output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentException.ThrowIfNullOrWhiteSpace(output);
        var items = await LabelledFiles.ReadAsync(goldFile, codebook, cancellationToken).ConfigureAwait(false);
        var model = Train(items, codebook, version, cancellationToken);
        var temporary = output + ".tmp";
        await using (var stream = File.Create(temporary))
        {
            model.Write(stream);
        }

        File.Move(temporary, output, overwrite: true);
        return new TrainingResult(model, null);
    }

    /// <summary>Trains on every segment a person coded in the project and stores the model as the project's next version.</summary>
    /// <exception cref="UserErrorException">The project has no codings by a person (<see cref="UserErrorKind.InvalidInput"/>).</exception>
    public static async Task<TrainingResult> TrainProjectAsync(IProjectStore store, string trainer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var codebook = await store.GetCodebookAsync(cancellationToken).ConfigureAwait(false);
        var items = await HumanCodedAsync(store, codebook, cancellationToken).ConfigureAwait(false);
        if (items.Count == 0)
        {
            throw new UserErrorException(UserErrorKind.InvalidInput, Messages.NoHumanCodings);
        }

        var models = await store.GetModelsAsync(cancellationToken).ConfigureAwait(false);
        var next = models.Count == 0 ? 1 : models[^1].Version + 1;
        var model = Train(items, codebook, $"project.{next}", cancellationToken);
        var metrics = JsonSerializer.Serialize(
            model.Manifest.Codes.ToDictionary(code => code.Code.Value, code => new[] { code.Threshold, code.Precision, code.Recall, code.F1 }),
            ServicesJsonContext.Default.DictionaryStringDoubleArray);
        var version = await store.SaveModelAsync(
            new ModelDraft(trainer, items.Count, model.Manifest.MacroF1, metrics, model.ToBytes()), cancellationToken).ConfigureAwait(false);
        return new TrainingResult(model, version);
    }

    /// <summary>The segments a person coded, each with every code people gave it, and the spans whose suggestion a reviewer rejected, as labelled texts.</summary>
    /// <remarks>
    /// A rejected span that no person coded is learned as coded with nothing, just as a coded segment is a negative for
    /// every code it was not given: a reviewer's rejection is the evidence the model most needs.
    /// </remarks>
    public static async Task<IReadOnlyList<LabelledText>> HumanCodedAsync(IProjectStore store, Codebook codebook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(codebook);
        var leaves = codebook.Leaves.Select(code => code.Id).ToHashSet();
        var items = new List<LabelledText>();
        var rejected = (await store.GetReviewDecisionsAsync(cancellationToken).ConfigureAwait(false))
            .Where(decision => decision.Verdict != ReviewVerdict.Accepted)
            .ToLookup(decision => decision.Source, decision => (decision.Start, decision.End));
        await foreach (var source in store.ReadSourcesAsync(cancellationToken).ConfigureAwait(false))
        {
            var human = (await store.GetCodingsAsync(source.Id, cancellationToken).ConfigureAwait(false))
                .Where(coding => coding.Coder.Kind == CoderKind.Person && leaves.Contains(coding.Code))
                .ToLookup(coding => coding.Segment);
            if (human.Count == 0 && !rejected.Contains(source.Id))
            {
                continue;
            }

            var spans = new HashSet<(int Start, int End)>();
            foreach (var segment in await store.GetSegmentsAsync(source.Id, cancellationToken).ConfigureAwait(false))
            {
                if (human.Contains(segment.Id))
                {
                    spans.Add((segment.Start, segment.End));
                    items.Add(new LabelledText(
                        segment.Id.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), source.Metadata.Language, source.Text[segment.Start..segment.End],
                        [.. human[segment.Id].Select(coding => coding.Code).Distinct()]));
                }
            }

            foreach (var (start, end) in rejected[source.Id].Where(spans.Add))
            {
                items.Add(new LabelledText(
                    string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{source.Id.Value}:{start}-{end}"), source.Metadata.Language, source.Text[start..end], []));
            }
        }

        return items;
    }

    /// <summary>Trains with the project's seed and folds on the codebook's leaf codes, with its rules, so that the model carries combined thresholds.</summary>
    public static TextModel Train(IReadOnlyList<LabelledText> items, Codebook codebook, string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        ImmutableArray<CodeId> codes = [.. codebook.Leaves.Select(code => code.Id)];
        var options = new ModelTrainingOptions(version, $"{codebook.Id}@{codebook.Version}") { Rules = new RuleCoder(codebook) };
        return ModelTrainer.Train(items, codes, options, cancellationToken);
    }
}

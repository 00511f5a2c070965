using System.Collections.Immutable;
using DefectorLens.Coding.Model;
using DefectorLens.Core.Model;

namespace DefectorLens.Coding.Evaluation;

/// <summary>A coder's codes for one labelled text.</summary>
/// <param name="Gold">The text with the codes a person gave it.</param>
/// <param name="Predicted">The codes the coder gave it.</param>
public sealed record Judged(LabelledText Gold, IReadOnlySet<CodeId> Predicted);

/// <summary>Precision, recall and F1 of one code.</summary>
/// <param name="Code">The code.</param>
/// <param name="Precision">TP / (TP + FP).</param>
/// <param name="Recall">TP / (TP + FN).</param>
/// <param name="F1">Harmonic mean of the two.</param>
/// <param name="Support">Texts that carry the code.</param>
public sealed record CodeScoreCard(CodeId Code, double Precision, double Recall, double F1, int Support);

/// <summary>A coder's figures over a set of texts.</summary>
/// <param name="Items">How many texts.</param>
/// <param name="MacroF1">Mean F1 of the codes counted (see <see cref="MultiLabelEvaluation"/>).</param>
/// <param name="MicroF1">F1 of all decisions pooled.</param>
/// <param name="PerCode">Each code's figures, in codebook order.</param>
public sealed record EvaluationFigures(int Items, double MacroF1, double MicroF1, ImmutableArray<CodeScoreCard> PerCode);

/// <summary>A coder's figures overall and per language.</summary>
/// <param name="Overall">Over every text.</param>
/// <param name="PerLanguage">Over the texts of each language, by ISO 639-1 code (<c>und</c> when unknown).</param>
public sealed record EvaluationReport(EvaluationFigures Overall, ImmutableSortedDictionary<string, EvaluationFigures> PerLanguage);

/// <summary>Scores a multi-label coder against texts a person coded.</summary>
/// <remarks>
/// Macro-F1 averages the codes that the texts carry or the coder gave at least once: a code nobody used in a subset
/// (say, one language) neither helps nor hurts that subset's figure. Micro-F1 pools every decision.
/// </remarks>
public static class MultiLabelEvaluation
{
    /// <summary>The language key of texts whose language is unknown.</summary>
    public const string UnknownLanguage = "und";

    /// <summary>Figures overall and per language for the given codes.</summary>
    public static EvaluationReport Evaluate(IReadOnlyList<Judged> judged, IReadOnlyList<CodeId> codes)
    {
        ArgumentNullException.ThrowIfNull(judged);
        ArgumentNullException.ThrowIfNull(codes);
        var perLanguage = judged
            .GroupBy(item => item.Gold.Language ?? UnknownLanguage, StringComparer.Ordinal)
            .ToImmutableSortedDictionary(group => group.Key, group => Figures([.. group], codes), StringComparer.Ordinal);
        return new EvaluationReport(Figures(judged, codes), perLanguage);
    }

    private static EvaluationFigures Figures(IReadOnlyList<Judged> judged, IReadOnlyList<CodeId> codes)
    {
        var counts = new Counts[codes.Count];
        var used = new bool[codes.Count];
        foreach (var item in judged)
        {
            for (var k = 0; k < codes.Count; k++)
            {
                var actual = item.Gold.Labels.Contains(codes[k]);
                var predicted = item.Predicted.Contains(codes[k]);
                counts[k] = counts[k].Add(actual, predicted);
                used[k] |= actual || predicted;
            }
        }

        var pooled = counts.Aggregate(new Counts(), (sum, next) => sum + next);
        var counted = Enumerable.Range(0, codes.Count).Where(k => used[k]).ToList();
        var macro = counted.Count == 0 ? 0 : counted.Average(k => counts[k].F1);
        return new EvaluationFigures(
            judged.Count, macro, pooled.F1,
            [.. codes.Select((code, k) => new CodeScoreCard(code, counts[k].Precision, counts[k].Recall, counts[k].F1, counts[k].Support))]);
    }
}

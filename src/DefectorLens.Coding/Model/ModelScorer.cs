using System.Collections.Immutable;
using DefectorLens.Core.Model;

namespace DefectorLens.Coding.Model;

/// <summary>Scores texts with a model, one at a time; not thread-safe, so each worker makes its own.</summary>
public sealed class ModelScorer
{
    private readonly TextModel _model;
    private readonly TextFeaturizer.Engine _engine;
    private readonly double[] _scores;

    internal ModelScorer(TextModel model, TextFeaturizer.Engine engine)
    {
        _model = model;
        _engine = engine;
        _scores = new double[model.Codes.Length];
    }

    /// <summary>The model's probability for every code, with the features that weighed most for the codes it assigns.</summary>
    /// <param name="text">The text.</param>
    /// <param name="explain">How many features to name for each assigned code.</param>
    public ImmutableArray<CodeScore> Score(string text, int explain = 3)
    {
        ArgumentNullException.ThrowIfNull(text);
        var features = _engine.Featurize(text);
        _model.ScoreInto(features, _scores);
        var result = ImmutableArray.CreateBuilder<CodeScore>(_scores.Length);
        for (var k = 0; k < _scores.Length; k++)
        {
            var head = _model.Head(k);
            var probability = head.Probability(_scores[k]);
            var why = probability >= head.Threshold && explain > 0 ? _model.TopFeatures(features, k, explain) : [];
            result.Add(new CodeScore(head.Code, probability, head.Threshold, why) { CombinedThreshold = head.CombinedThreshold });
        }

        return result.MoveToImmutable();
    }
}

/// <summary>A model's verdict on one code for one text.</summary>
/// <param name="Code">The code.</param>
/// <param name="Probability">The calibrated probability that the text carries the code.</param>
/// <param name="Threshold">The probability from which the model assigns the code.</param>
/// <param name="Features">For an assigned code, the features of the text that weighed most for it, strongest first.</param>
public sealed record CodeScore(CodeId Code, double Probability, double Threshold, ImmutableArray<string> Features)
{
    /// <summary>True when the model assigns the code.</summary>
    public bool IsAssigned => Probability >= Threshold;

    /// <summary>The threshold of the combined coder's score, or null for a model trained without rules.</summary>
    public double? CombinedThreshold { get; init; }
}

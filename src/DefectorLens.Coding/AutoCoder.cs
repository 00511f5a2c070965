using System.Collections.Immutable;
using System.Globalization;
using DefectorLens.Coding.Model;
using DefectorLens.Coding.Rules;
using DefectorLens.Coding.Text;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;

namespace DefectorLens.Coding;

/// <summary>Which coders the automatic coder consults.</summary>
public enum AutoCoderMode
{
    /// <summary>The lexicon rules and the model together: the default.</summary>
    Combined,
    /// <summary>The lexicon rules alone.</summary>
    RulesOnly,
    /// <summary>The model alone.</summary>
    ModelOnly,
}

/// <summary>A code the automatic coder gives a text, with how sure it is and why.</summary>
/// <param name="Code">The code.</param>
/// <param name="Confidence">0 to 1: the model's calibrated probability, or the rules' confidence when only rules fired.</param>
/// <param name="Why">The rules that fired and the features that weighed most.</param>
public sealed record MachineLabel(CodeId Code, double Confidence, string Why);

/// <summary>A sentence of a text and the codes the automatic coder gives it.</summary>
/// <param name="Start">First character of the sentence, inclusive.</param>
/// <param name="End">End of the sentence, exclusive.</param>
/// <param name="Labels">Its codes.</param>
public sealed record MachineSentence(int Start, int End, ImmutableArray<MachineLabel> Labels);

/// <summary>The default automatic coder: the codebook's lexicon rules and a trained model, combined.</summary>
/// <remarks>
/// <para>
/// In combination each code gets a score: the model's probability, plus <see cref="RuleWeight"/> when one of the code's
/// lexicon rules fired. The code is given when the score reaches the code's combined threshold, chosen when the model was
/// trained as the one that maximised F1 over out-of-fold probabilities and the rules' hits. A rule alone is therefore
/// not always enough: the model can veto a phrase in a text that looks nothing like the code's examples, and it can give
/// a code no phrase caught. A model trained without rules has no combined thresholds; with it a code is given when a rule
/// fires, or when the model's probability reaches both its own threshold and one half. The confidence is the larger of
/// the two coders'.
/// </para>
/// <para>The coder is immutable and shared; <see cref="OpenSession"/> gives each thread its own scorer.</para>
/// </remarks>
public sealed class AutoCoder
{
    private const double ModelAloneFloor = 0.5;

    /// <summary>What a fired rule adds to the model's probability in the combined score.</summary>
    /// <remarks>
    /// Fixed rather than chosen per code: the rules were written with the training texts in view, so their hits there look
    /// more reliable than they are on new text, and a weight fitted to those hits would only ever trust the rules.
    /// </remarks>
    public const double RuleWeight = 0.4;

    /// <summary>How many features a model coding names.</summary>
    internal const int FeaturesToExplain = 3;

    private readonly RuleCoder _rules;
    private readonly TextModel? _model;
    private readonly HashSet<CodeId> _leaves;

    /// <summary>Makes a coder of the codebook's leaf codes.</summary>
    /// <param name="codebook">The codebook: its lexicon and the codes it may give.</param>
    /// <param name="model">The model; required unless <paramref name="mode"/> is <see cref="AutoCoderMode.RulesOnly"/>.</param>
    /// <param name="mode">Which coders to consult.</param>
    /// <param name="minConfidence">Codes given with less confidence are left out.</param>
    public AutoCoder(Codebook codebook, TextModel? model, AutoCoderMode mode, double minConfidence = 0)
    {
        ArgumentNullException.ThrowIfNull(codebook);
        ArgumentOutOfRangeException.ThrowIfLessThan(minConfidence, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(minConfidence, 1);
        if (mode != AutoCoderMode.RulesOnly)
        {
            ArgumentNullException.ThrowIfNull(model);
        }

        _rules = new RuleCoder(codebook);
        _model = mode == AutoCoderMode.RulesOnly ? null : model;
        _leaves = [.. codebook.Leaves.Select(code => code.Id)];
        Mode = mode;
        MinConfidence = minConfidence;
        Coder = mode switch
        {
            AutoCoderMode.RulesOnly => _rules.Coder,
            AutoCoderMode.ModelOnly => new Coder("model", CoderKind.Model, model!.Version),
            _ => new Coder("auto", CoderKind.Model, $"{model!.Version}+{_rules.Coder.Version}"),
        };
        CodebookVersion = codebook.Version;
    }

    /// <summary>Which coders are consulted.</summary>
    public AutoCoderMode Mode { get; }

    /// <summary>Codes given with less confidence are left out.</summary>
    public double MinConfidence { get; }

    /// <summary>Whom the codings are attributed to: <c>lexicon</c>, <c>model</c> or <c>auto</c>, with the versions consulted.</summary>
    public Coder Coder { get; }

    /// <summary>The version of the codebook whose codes are given.</summary>
    public string CodebookVersion { get; }

    /// <summary>A session for one thread.</summary>
    public AutoCoderSession OpenSession() => new(this, _model?.CreateScorer());

    internal ImmutableArray<MachineLabel> Combine(IReadOnlyList<RuleCoding> rules, ImmutableArray<CodeScore> scores)
    {
        var labels = ImmutableArray.CreateBuilder<MachineLabel>();
        var byCode = rules.ToDictionary(rule => rule.Code);
        if (scores.IsDefault)
        {
            labels.AddRange(rules.Select(rule => new MachineLabel(rule.Code, rule.Confidence, rule.Explanation)));
        }
        else
        {
            foreach (var score in scores.Where(score => _leaves.Contains(score.Code)))
            {
                var ruleFired = byCode.TryGetValue(score.Code, out var rule);
                if (!IsGiven(score, ruleFired))
                {
                    continue;
                }

                labels.Add(ruleFired
                    ? new MachineLabel(score.Code, Math.Max(rule.Confidence, score.Probability), Why(rule, score))
                    : new MachineLabel(score.Code, score.Probability, Why(null, score)));
            }
        }

        return [.. labels.Where(label => label.Confidence >= MinConfidence)];
    }

    /// <summary>The combined coder's score of a code: the model's probability, plus <see cref="RuleWeight"/> when a rule fired.</summary>
    public static double CombinedScore(double probability, bool ruleFired) => probability + (ruleFired ? RuleWeight : 0);

    private bool IsGiven(CodeScore score, bool ruleFired) => Mode switch
    {
        AutoCoderMode.ModelOnly => score.IsAssigned,
        _ when score.CombinedThreshold is { } threshold => CombinedScore(score.Probability, ruleFired) >= threshold,
        _ => ruleFired || score.Probability >= Math.Max(score.Threshold, ModelAloneFloor),
    };

    internal IReadOnlyList<RuleCoding> RulesFor(string text, string? language, bool whole) =>
        Mode == AutoCoderMode.ModelOnly ? [] : whole ? _rules.CodeWhole(text, language) : _rules.Code(text, language);

    private string Why(RuleCoding? rule, CodeScore score)
    {
        var model = string.Create(CultureInfo.InvariantCulture, $"model {_model!.Version} p={score.Probability:0.00}");
        if (!score.Features.IsDefaultOrEmpty)
        {
            model += ": " + string.Join(", ", score.Features.Select(feature => $"\"{feature}\""));
        }

        return rule is { } fired ? $"{fired.Explanation}; {model}" : model;
    }
}

/// <summary>The automatic coder on one thread: not thread-safe, cheap to open.</summary>
public sealed class AutoCoderSession
{
    private readonly AutoCoder _coder;
    private readonly ModelScorer? _scorer;

    internal AutoCoderSession(AutoCoder coder, ModelScorer? scorer)
    {
        _coder = coder;
        _scorer = scorer;
    }

    /// <summary>The codes of a whole text taken as one unit (a statement, a segment).</summary>
    public ImmutableArray<MachineLabel> Label(string text, string? language)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rules = _coder.RulesFor(text, language, whole: true);
        return _coder.Combine(rules, _scorer?.Score(text, AutoCoder.FeaturesToExplain) ?? default);
    }

    /// <summary>The sentences of a text that get codes, each with its codes.</summary>
    public IReadOnlyList<MachineSentence> CodeSentences(string text, string? language)
    {
        ArgumentNullException.ThrowIfNull(text);
        var rules = _coder.RulesFor(text, language, whole: false).ToLookup(rule => (rule.Start, rule.End));
        var sentences = new List<MachineSentence>();
        foreach (var (start, end) in Sentences.Split(text))
        {
            var fired = rules[(start, end)].ToList();
            if (_scorer is null && fired.Count == 0)
            {
                continue;
            }

            var labels = _coder.Combine(fired, _scorer?.Score(text[start..end], AutoCoder.FeaturesToExplain) ?? default);
            if (!labels.IsEmpty)
            {
                sentences.Add(new MachineSentence(start, end, labels));
            }
        }

        return sentences;
    }
}

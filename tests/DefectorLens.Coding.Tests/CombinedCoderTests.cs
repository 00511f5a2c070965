using System.Collections.Immutable;
using System.IO.Compression;
using DefectorLens.Coding.Evaluation;
using DefectorLens.Coding.Model;
using DefectorLens.Coding.Rules;
using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Model;
using Microsoft.ML;

namespace DefectorLens.Coding.Tests;

public sealed class CombinedCoderTests
{
    private static readonly CodeId Brutality = new("leave.brutality");
    private static readonly CodeId Corruption = new("leave.corruption");
    private static readonly ImmutableArray<CodeId> Codes = [Brutality, Corruption];

    private static readonly Codebook Codebook = new("test", "2", "Test", "",
    [
        Code("leave", []),
        Code("leave.brutality", [new("en", "execut*"), new("en", "tortur*")]),
        Code("leave.corruption", [new("en", "emirs"), new("en", "favourit*")]),
    ]);

    // The English statements of the development set, with only the two codes above.
    private static readonly Lazy<List<LabelledText>> Fixture = new(() => File.ReadLines(Path.Combine(AppContext.BaseDirectory, "labelled", "train.jsonl"))
        .Select(line => JsonLine.Parse(line, requireLabels: true).Line!)
        .Where(line => line.Language == "en")
        .Select(line => new LabelledText(line.Id!, line.Language, line.Text, [.. line.Labels.Select(label => new CodeId(label)).Where(Codes.Contains)]))
        .ToList());

    private static Code Code(string id, LexiconRule[] lexicon) => new(new CodeId(id), id, "", [], [], [], null, [.. lexicon]);

    private static ModelTrainingOptions Options => new("test.1", "test@2", Seed: 7, Folds: 3);

    [Theory]
    [InlineData(0.10, true, 0.45, true)]
    [InlineData(0.02, true, 0.45, false)]
    [InlineData(0.50, false, 0.45, true)]
    [InlineData(0.30, false, 0.45, false)]
    public void A_code_is_given_when_the_probability_plus_the_rule_bonus_reaches_the_combined_threshold(
        double probability, bool ruleFired, double combinedThreshold, bool given)
    {
        var labels = Coder(AutoCoderMode.Combined).Combine(
            ruleFired ? [Rule(Brutality)] : [],
            [new CodeScore(Brutality, probability, 0.05, []) { CombinedThreshold = combinedThreshold }]);

        labels.Any(label => label.Code == Brutality).ShouldBe(given);
    }

    [Theory]
    [InlineData(0.01, true, true)]
    [InlineData(0.60, false, true)]
    [InlineData(0.40, false, false)]
    public void Without_combined_thresholds_a_rule_alone_gives_the_code_and_the_model_alone_needs_one_half(
        double probability, bool ruleFired, bool given)
    {
        var labels = Coder(AutoCoderMode.Combined).Combine(ruleFired ? [Rule(Brutality)] : [], [new CodeScore(Brutality, probability, 0.05, [])]);

        labels.Any(label => label.Code == Brutality).ShouldBe(given);
    }

    [Fact]
    public void A_code_given_by_rule_and_model_together_takes_the_larger_confidence_and_names_both()
    {
        var label = Coder(AutoCoderMode.Combined)
            .Combine([Rule(Brutality)], [new CodeScore(Brutality, 0.2, 0.05, []) { CombinedThreshold = 0.5 }])
            .ShouldHaveSingleItem();

        label.Confidence.ShouldBe(0.5);
        label.Why.ShouldBe("lexicon en:\"execut*\"; model m.1 p=0.20");
    }

    [Fact]
    public void Training_with_rules_chooses_a_combined_threshold_per_code_that_the_archive_keeps()
    {
        var model = ModelTrainer.Train(Fixture.Value, Codes, Options with { Rules = new RuleCoder(Codebook) }, CancellationToken.None);
        using var stream = new MemoryStream(model.ToBytes());
        var read = TextModel.Read(stream, "model.zip");

        model.Manifest.Codes.ShouldAllBe(code => code.CombinedThreshold >= 0.01 && code.CombinedThreshold <= 0.94);
        read.Manifest.Codes.Select(code => code.CombinedThreshold).ShouldBe(model.Manifest.Codes.Select(code => code.CombinedThreshold));
        read.CreateScorer().Score("They tortured prisoners.").Select(score => score.CombinedThreshold)
            .ShouldBe(model.Manifest.Codes.Select(code => code.CombinedThreshold));
    }

    [Fact]
    public void A_model_trained_without_rules_has_no_combined_threshold_in_its_manifest()
    {
        var model = ModelTrainer.Train(Fixture.Value, Codes, Options, CancellationToken.None);
        using var archive = new ZipArchive(new MemoryStream(model.ToBytes()), ZipArchiveMode.Read);
        using var manifest = new StreamReader(archive.GetEntry("model.json")!.Open());

        model.Manifest.Codes.ShouldAllBe(code => code.CombinedThreshold == null);
        manifest.ReadToEnd().ShouldNotContain("combined_threshold");
    }

    private static RuleCoding Rule(CodeId code) => new(0, 10, code, [new LexiconRule("en", "execut*")]);

    // A model whose scores the tests give by hand: only its version and codes matter to the combination.
    private static AutoCoder Coder(AutoCoderMode mode)
    {
        var featurizer = TextFeaturizer.Fit(new MLContext(1), ["a text to learn a vocabulary from"]);
        var heads = ImmutableArray.Create(new CodeHead(Brutality, 0, -1, 0, 0.05, []), new CodeHead(Corruption, 0, -1, 0, 0.05, []));
        var model = new TextModel(new ModelManifest("m.1", "test@2", 1, "", 1, 3, []), featurizer, heads);
        return new AutoCoder(Codebook, model, mode);
    }
}

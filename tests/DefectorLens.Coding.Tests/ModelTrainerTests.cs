using System.Collections.Immutable;
using DefectorLens.Coding.Evaluation;
using DefectorLens.Coding.Model;
using DefectorLens.Core;
using DefectorLens.Core.Model;

namespace DefectorLens.Coding.Tests;

public sealed class ModelTrainerTests
{
    private static readonly ImmutableArray<CodeId> Codes = [new("join.syria-conflict"), new("leave.brutality"), new("risk.prosecution")];

    // A small fixture: the English statements of three codes, and as many negatives, from the development set.
    private static readonly Lazy<List<LabelledText>> Fixture = new(() => File.ReadLines(Path.Combine(AppContext.BaseDirectory, "labelled", "train.jsonl"))
        .Select(line => JsonLine.Parse(line, requireLabels: true).Line!)
        .Where(line => line.Language == "en")
        .Select(line => new LabelledText(line.Id!, line.Language, line.Text, [.. line.Labels.Select(label => new CodeId(label)).Where(Codes.Contains)]))
        .ToList());

    private static readonly Lazy<TextModel> Model = new(() => ModelTrainer.Train(Fixture.Value, Codes, Options, CancellationToken.None));

    private static ModelTrainingOptions Options => new("test.1", "icsr-2015@1.1", Seed: 7, Folds: 3);

    [Fact]
    public void A_seeded_model_separates_the_codes_in_cross_validation_well_above_chance()
    {
        Model.Value.Manifest.MacroF1.ShouldBeGreaterThan(0.45);
        Model.Value.Manifest.Codes.Select(code => code.Support).ShouldAllBe(support => support > 20);
    }

    [Fact]
    public void Training_twice_with_the_same_seed_gives_the_same_model()
    {
        var again = ModelTrainer.Train(Fixture.Value, Codes, Options, CancellationToken.None);

        again.ToBytes().ShouldBe(Model.Value.ToBytes());
    }

    [Fact]
    public void A_written_model_reads_back_and_scores_the_same()
    {
        using var stream = new MemoryStream(Model.Value.ToBytes());
        var read = TextModel.Read(stream, "model.zip");
        const string text = "The regime dropped barrel bombs on our street and I went to fight Assad.";

        static string Describe(CodeScore score) => $"{score.Code.Value} {score.Probability:R} {score.Threshold:R} {string.Join('|', score.Features)}";
        read.CreateScorer().Score(text).Select(Describe).ShouldBe(Model.Value.CreateScorer().Score(text).Select(Describe));
        read.Manifest.ShouldBeEquivalentTo(Model.Value.Manifest);
    }

    [Fact]
    public void An_assigned_code_names_the_features_of_the_text_that_weighed_most()
    {
        var scores = Model.Value.CreateScorer().Score("They executed prisoners and tortured them in the cells, and the executions went on.");

        var brutality = scores.Single(score => score.Code == new CodeId("leave.brutality"));
        brutality.IsAssigned.ShouldBeTrue();
        brutality.Features.ShouldNotBeEmpty();
        brutality.Features.ShouldAllBe(feature => feature.Length > 0);
        scores.Where(score => !score.IsAssigned).ShouldAllBe(score => score.Features.IsEmpty);
    }

    [Fact]
    public void Training_on_texts_that_carry_no_code_is_refused_with_a_clear_reason()
    {
        var error = Should.Throw<UserErrorException>(() =>
            ModelTrainer.Train([new LabelledText("a", "en", "nothing here", [])], Codes, Options, CancellationToken.None));

        error.Message.ShouldBe("no labelled text carries a code of the codebook: nothing to train on");
    }

    [Fact]
    public void Bytes_that_are_not_a_model_are_refused_naming_their_origin()
    {
        using var stream = new MemoryStream("not a zip"u8.ToArray());

        Should.Throw<UserErrorException>(() => TextModel.Read(stream, "bad.zip")).Message
            .ShouldBe("bad.zip: not a DefectorLens model (expected the zip archive 'dlens train' writes)");
    }
}

using CsCheck;
using DefectorLens.Coding.Evaluation;
using DefectorLens.Coding.Model;
using Microsoft.ML.Data;

namespace DefectorLens.Coding.Tests;

/// <summary>The fast featurizer must give the shipped model exactly the features ML.NET's own pipeline gives it.</summary>
public sealed class NgramFeaturizerTests
{
    private static readonly Lazy<TextModel> Shipped = new(() =>
    {
        using var stream = File.OpenRead(Path.Combine(AppContext.BaseDirectory, "models", "icsr-2015-dev.zip"));
        return TextModel.Read(stream, "icsr-2015-dev.zip");
    });

    private static readonly Lazy<List<string>> Statements = new(() => [.. File.ReadLines(Path.Combine(AppContext.BaseDirectory, "labelled", "train.jsonl"))
        .Select(line => JsonLine.Parse(line, requireLabels: true).Line!.Text)]);

    [Fact]
    public void The_shipped_model_is_featurised_without_mlnet_row_pipeline()
    {
        Shipped.Value.Featurizer.IsNative.ShouldBeTrue();
    }

    [Fact]
    public void Every_development_statement_gets_the_features_mlnet_gives_it()
    {
        ShouldMatchMlNet(Statements.Value);
    }

    [Fact]
    public void Random_texts_of_vocabulary_words_punctuation_and_marks_get_the_features_mlnet_gives_them()
    {
        var words = Statements.Value.SelectMany(text => text.Split(' ')).Distinct().Take(3000).ToArray();
        string[] noise = ["", " ", "  ", ", ", ".", "!", "?", "«", "»", "\"", "'", "-", "|", "<", ">", "\t", "\n", "\u064E", "\u0640", "\u0301", "É", "ß", "42", "x"];
        var pieces = Gen.Select(Gen.Int[0, words.Length - 1], Gen.Int[0, noise.Length - 1], Gen.Bool)
            .Select((word, mark, upper) => (upper ? words[word].ToUpperInvariant() : words[word]) + noise[mark]);
        var texts = pieces.Array[0, 30].Select(parts => string.Join(' ', parts));

        texts.List[20].Sample(ShouldMatchMlNet, iter: 60, threads: 1);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("!!!")]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("they executed")]
    public void Short_and_empty_texts_get_the_features_mlnet_gives_them(string text)
    {
        ShouldMatchMlNet([text]);
    }

    private static void ShouldMatchMlNet(IReadOnlyList<string> texts)
    {
        var featurizer = Shipped.Value.Featurizer;
        var expected = featurizer.Featurize(texts);
        var engine = featurizer.CreateEngine();
        for (var i = 0; i < texts.Count; i++)
        {
            var actual = engine.Featurize(texts[i]);
            Describe(actual).ShouldBe(Describe(expected[i]), $"text: {texts[i]}");
        }
    }

    // Slots and values rounded to the float precision ML.NET's normaliser itself works at.
    private static List<string> Describe(VBuffer<float> features) =>
        [.. features.Items().Where(item => item.Value != 0).Select(item => $"{item.Key}={item.Value:0.00000}")];
}

using System.IO.Compression;
using DefectorLens.Coding.Text;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;

namespace DefectorLens.Coding.Model;

/// <summary>Turns folded text into ML.NET's sparse bag of word 1–2-grams and character 4-grams, L2-normalised.</summary>
/// <remarks>
/// Text is folded (<see cref="TextFolding"/>) before featurising, so the model sees the same forms as the lexicon: Arabic
/// letter variants, case and diacritics do not split a feature in two.
/// </remarks>
internal sealed class TextFeaturizer
{
    private const string TextColumn = nameof(TextRow.Text);
    private const string FeaturesColumn = nameof(FeatureRow.Features);
    private const int ProbeSample = 200;

    private readonly MLContext _ml;
    private readonly ITransformer _transformer;
    private readonly DataViewSchema _inputSchema;
    private readonly NgramFeaturizer? _ngrams;

    private TextFeaturizer(MLContext ml, ITransformer transformer, DataViewSchema inputSchema)
    {
        _ml = ml;
        _transformer = transformer;
        _inputSchema = inputSchema;
        var features = transformer.GetOutputSchema(inputSchema)[FeaturesColumn];
        Dimension = ((VectorDataViewType)features.Type).Size;
        var names = default(VBuffer<ReadOnlyMemory<char>>);
        features.GetSlotNames(ref names);
        FeatureNames = [.. names.DenseValues().Select(name => name.ToString())];
        _ngrams = NgramFeaturizer.TryCreate(FeatureNames) is { } ngrams && Agrees(ngrams) ? ngrams : null;
    }

    /// <summary>True when texts are featurised by <see cref="NgramFeaturizer"/> rather than by ML.NET's row pipeline.</summary>
    internal bool IsNative => _ngrams is not null;

    /// <summary>How many features a text is described by.</summary>
    public int Dimension { get; }

    /// <summary>The readable name of each feature (a word, a word pair or four characters).</summary>
    public IReadOnlyList<string> FeatureNames { get; }

    /// <summary>Learns the vocabulary of the given texts.</summary>
    public static TextFeaturizer Fit(MLContext ml, IEnumerable<string> texts)
    {
        var data = ml.Data.LoadFromEnumerable(texts.Select(text => new TextRow { Text = TextFolding.FoldPhrase(text) }));
        var options = new TextFeaturizingEstimator.Options
        {
            CaseMode = TextNormalizingEstimator.CaseMode.None,
            KeepDiacritics = true,
            KeepPunctuations = false,
            KeepNumbers = true,
            WordFeatureExtractor = new WordBagEstimator.Options { NgramLength = 2, UseAllLengths = true },
            CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 4, UseAllLengths = false },
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };
        return new TextFeaturizer(ml, ml.Transforms.Text.FeaturizeText(FeaturesColumn, options, TextColumn).Fit(data), data.Schema);
    }

    /// <summary>Reads a featurizer saved with <see cref="Save"/>.</summary>
    public static TextFeaturizer Load(MLContext ml, Stream stream)
    {
        var transformer = ml.Model.Load(stream, out var inputSchema);
        return new TextFeaturizer(ml, transformer, inputSchema);
    }

    /// <summary>Writes the fitted featurizer in ML.NET's model format, byte for byte the same for the same featurizer.</summary>
    /// <remarks>
    /// ML.NET stamps each entry of its archive with the time of saving; the entries are copied into a new archive
    /// with a fixed time so that training twice with the same seed gives the same file.
    /// </remarks>
    public void Save(Stream stream)
    {
        using var saved = new MemoryStream();
        _ml.Model.Save(_transformer, _inputSchema, saved);
        saved.Position = 0;
        using var source = new ZipArchive(saved, ZipArchiveMode.Read);
        using var target = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
        foreach (var entry in source.Entries)
        {
            var copy = target.CreateEntry(entry.FullName, CompressionLevel.Optimal);
            copy.LastWriteTime = FixedEntryTime;
            using var from = entry.Open();
            using var to = copy.Open();
            from.CopyTo(to);
        }
    }

    private static readonly DateTimeOffset FixedEntryTime = new(1980, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>The features of many texts at once, in order.</summary>
    public List<VBuffer<float>> Featurize(IEnumerable<string> texts) => FeaturizeFolded(texts.Select(TextFolding.FoldPhrase));

    private List<VBuffer<float>> FeaturizeFolded(IEnumerable<string> folded)
    {
        var data = _ml.Data.LoadFromEnumerable(folded.Select(text => new TextRow { Text = text }));
        var transformed = _transformer.Transform(data);
        var rows = new List<VBuffer<float>>();
        using var cursor = transformed.GetRowCursor([transformed.Schema[FeaturesColumn]]);
        var getter = cursor.GetGetter<VBuffer<float>>(transformed.Schema[FeaturesColumn]);
        var current = default(VBuffer<float>);
        while (cursor.MoveNext())
        {
            getter(ref current);
            // The cursor reuses its buffers from row to row: each row needs its own copy.
            var copy = default(VBuffer<float>);
            current.CopyTo(ref copy);
            rows.Add(copy);
        }

        return rows;
    }

    /// <summary>An engine that featurises one text at a time; not thread-safe, so each worker makes its own.</summary>
    public Engine CreateEngine() =>
        _ngrams is null ? new MlNetEngine(_ml.Model.CreatePredictionEngine<TextRow, FeatureRow>(_transformer)) : new NgramEngine(_ngrams);

    // The vocabulary read from the slot names is trusted only if it gives ML.NET's features on the probe.
    private bool Agrees(NgramFeaturizer ngrams)
    {
        const float Tolerance = 1e-6f;
        var probe = ngrams.Probe(ProbeSample).ToList();
        var expected = FeaturizeFolded(probe);
        var scratch = new NgramFeaturizer.Scratch();
        var actual = default(VBuffer<float>);
        for (var i = 0; i < probe.Count; i++)
        {
            ngrams.Featurize(probe[i], scratch, ref actual);
            var want = NonZero(expected[i]);
            var got = NonZero(actual);
            if (want.Count != got.Count || want.Zip(got).Any(pair => pair.First.Key != pair.Second.Key || Math.Abs(pair.First.Value - pair.Second.Value) > Tolerance))
            {
                return false;
            }
        }

        return true;

        static List<KeyValuePair<int, float>> NonZero(VBuffer<float> features) => [.. features.Items().Where(item => item.Value != 0)];
    }

    /// <summary>Featurises one text at a time, reusing its buffers.</summary>
    internal abstract class Engine
    {
        /// <summary>The features of <paramref name="text"/>; valid until the next call.</summary>
        public abstract VBuffer<float> Featurize(string text);
    }

    /// <summary>ML.NET's own row pipeline: for featurizers whose vocabulary <see cref="NgramFeaturizer"/> cannot read.</summary>
    private sealed class MlNetEngine(PredictionEngine<TextRow, FeatureRow> engine) : Engine
    {
        private readonly TextRow _input = new();
        private FeatureRow _output = new();

        public override VBuffer<float> Featurize(string text)
        {
            _input.Text = TextFolding.FoldPhrase(text);
            engine.Predict(_input, ref _output);
            return _output.Features;
        }
    }

    /// <summary>The same features computed directly from the vocabulary, folding into a reused buffer.</summary>
    private sealed class NgramEngine(NgramFeaturizer ngrams) : Engine
    {
        private readonly NgramFeaturizer.Scratch _scratch = new();
        private char[] _folded = new char[256];
        private VBuffer<float> _features;

        public override VBuffer<float> Featurize(string text)
        {
            if (_folded.Length < text.Length)
            {
                _folded = new char[Math.Max(text.Length, _folded.Length * 2)];
            }

            var length = TextFolding.Fold(text, _folded);
            ngrams.Featurize(_folded.AsSpan(0, length), _scratch, ref _features);
            return _features;
        }
    }

    /// <summary>The featurizer's input row.</summary>
    internal sealed class TextRow
    {
        /// <summary>Folded text.</summary>
        public string Text { get; set; } = "";
    }

    /// <summary>The featurizer's output row.</summary>
    internal sealed class FeatureRow
    {
        /// <summary>The sparse features.</summary>
        public VBuffer<float> Features { get; set; }
    }
}

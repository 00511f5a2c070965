namespace DefectorLens.Core;

/// <summary>Messages of automatic coding: classification, evaluation, training and review.</summary>
public static partial class Messages
{
    /// <summary>Training was given no text that carries a code.</summary>
    public const string NothingToTrainOn = "no labelled text carries a code of the codebook: nothing to train on";

    /// <summary>A project has no codings by a person to train on.</summary>
    public const string NoHumanCodings =
        "the project has no codings by a person to train on (import coded segments or accept suggestions with 'dlens review' first)";

    /// <summary>A project has too few texts coded by a person for k-fold cross-validation.</summary>
    public static string TooFewHumanCodings(int texts, int folds) =>
        $"the project has {N(texts)} segments coded by a person; cross-validation with {N(folds)} folds needs at least {N(folds)}";

    /// <summary>A gold file has too few texts for k-fold cross-validation.</summary>
    public static string TooFewGoldTexts(string file, int texts, int folds) =>
        $"{file}: {N(texts)} texts; cross-validation with {N(folds)} folds needs at least {N(folds)}";

    /// <summary>A model archive was written by another format version.</summary>
    public static string ModelFormatUnknown(string origin, int format) =>
        $"{origin}: model format {N(format)} is not one this version of dlens reads (expected 1)";

    /// <summary>A model archive cannot be read.</summary>
    public static string ModelUnreadable(string origin) => $"{origin}: not a DefectorLens model (expected the zip archive 'dlens train' writes)";

    /// <summary>A model archive lacks one of its parts.</summary>
    public static string ModelEntryMissing(string origin, string entry) => $"{origin}: the model archive has no '{entry}'";

    /// <summary>A project holds no model of that version.</summary>
    public static string ModelNotFound(string version) => $"no model '{version}' in the project (models are made with 'dlens train'; 'dlens info' lists the coders that have coded)";

    /// <summary>A JSON Lines input had no line to read.</summary>
    public static string InputEmpty(string file) => $"{file}: no input (expected one JSON object per line, each with a \"text\")";

    /// <summary>A JSON line is not an object.</summary>
    public const string LineNotObject = "expected a JSON object";

    /// <summary>A JSON line lacks its text.</summary>
    public const string LineTextMissing = "no \"text\" (expected a string)";

    /// <summary>A gold line lacks its labels.</summary>
    public const string LineLabelsMissing = "no \"labels\" (expected an array of code ids, [] for none)";

    /// <summary>A JSON line's optional field has the wrong type.</summary>
    public static string LineFieldNotString(string name) => $"\"{name}\" must be a string";

    /// <summary>A gold label is not a code the coder assigns.</summary>
    public static string LabelUnknown(string code, string codebook) => $"unknown label '{code}' (not a code of {codebook} that texts are coded with)";

    /// <summary>A minimum confidence outside [0, 1].</summary>
    public static string MinConfidenceOutOfRange(double value) =>
        $"--min-confidence {value.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not between 0 and 1";

    /// <summary>Two switches that exclude each other.</summary>
    public const string RulesOnlyWithModelOnly = "--rules-only and --model-only exclude each other";

    /// <summary>A review answer is not one of the choices.</summary>
    public static string ReviewAnswerUnknown(string answer) =>
        $"review answer '{answer}' is not one of a (accept), r (reject), c CODE (change), s (skip), q (quit)";

    /// <summary>There is nothing to review.</summary>
    public const string NothingToReview = "no machine suggestions to review (run 'dlens code --auto' first)";
}

using System.Globalization;

namespace DefectorLens.Core;

/// <summary>Messages of reviewing machine suggestions with <c>dlens review</c>.</summary>
public static partial class Messages
{
    /// <summary>Where review writes come from, for messages that name a place.</summary>
    public const string ReviewPlace = "review";

    /// <summary>Where non-interactive review answers are read from.</summary>
    public const string ReviewInput = "stdin";

    /// <summary>Deciding needs a reviewer.</summary>
    public const string ReviewCoderMissing = "dlens review needs --coder NAME: the person whose decisions these are (or --json to list the queue)";

    /// <summary>The reviewer's name is a machine coder's.</summary>
    public static string ReviewCoderIsMachine(string name) =>
        $"--coder '{name}' is the name of a machine coder; name the person reviewing";

    /// <summary>A span and code were decided before.</summary>
    public static string ReviewAlreadyDecided(string source, int start, int end, string code) =>
        $"source '{source}' [{N(start)}, {N(end)}) code '{code}' was already reviewed";

    /// <summary>A code named in review is not one the project codes with.</summary>
    public static string ReviewCodeUnknown(string code, string codebook) =>
        $"unknown code '{code}' (not a code of {codebook} that texts are coded with)";

    /// <summary>A review answer line that cannot be used, with its line number.</summary>
    public static string ReviewAnswerAt(int line, string problem) => $"{ReviewInput} line {N(line)}: {problem}";

    /// <summary>A change names the suggested code itself.</summary>
    public static string ReviewChangeToSame(string code) => $"'c {code}' names the suggested code itself (answer a to accept it)";

    /// <summary>A change names no code.</summary>
    public const string ReviewChangeWithoutCode = "'c' needs the code to give instead, as in 'c leave.brutality'";

    /// <summary>A confidence bound outside [0, 1].</summary>
    public static string ConfidenceBoundOutOfRange(string option, double value) =>
        $"{option} {value.ToString(CultureInfo.InvariantCulture)} is not between 0 and 1";

    /// <summary>The confidence bounds leave nothing between them.</summary>
    public static string ConfidenceBoundsCrossed(double min, double max) =>
        $"--min-confidence {min.ToString(CultureInfo.InvariantCulture)} is above --max-confidence {max.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A limit below one.</summary>
    public static string LimitNotPositive(int value) => $"--limit {N(value)} must be at least 1";
}

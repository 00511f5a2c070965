using System.CommandLine;
using DefectorLens.Coding;
using DefectorLens.Core;

namespace DefectorLens.Cli.Commands;

/// <summary>The switches that choose the automatic coder, shared by code, classify and eval.</summary>
internal sealed class AutoCodingOptions
{
    public Option<bool> RulesOnly { get; } = new("--rules-only") { Description = "Use the codebook's lexicon rules alone." };

    public Option<bool> ModelOnly { get; } = new("--model-only") { Description = "Use the trained model alone." };

    public Option<double> MinConfidence { get; } = new("--min-confidence")
    {
        Description = "Leave out codes given with less confidence than this (0 to 1; default 0).",
        HelpName = "X",
    };

    /// <summary>Adds the switches to a command.</summary>
    public void AddTo(Command command, bool withConfidence = true)
    {
        command.Add(RulesOnly);
        command.Add(ModelOnly);
        if (withConfidence)
        {
            command.Add(MinConfidence);
        }
    }

    /// <summary>The chosen mode and minimum confidence.</summary>
    /// <exception cref="UserErrorException">Both switches, or a confidence outside [0, 1].</exception>
    public (AutoCoderMode Mode, double MinConfidence) Read(ParseResult parse)
    {
        var rulesOnly = parse.GetValue(RulesOnly);
        var modelOnly = parse.GetValue(ModelOnly);
        if (rulesOnly && modelOnly)
        {
            throw new UserErrorException(UserErrorKind.InvalidInput, Messages.RulesOnlyWithModelOnly);
        }

        var minConfidence = parse.GetValue(MinConfidence);
        if (minConfidence is < 0 or > 1 || double.IsNaN(minConfidence))
        {
            throw new UserErrorException(UserErrorKind.InvalidInput, Messages.MinConfidenceOutOfRange(minConfidence));
        }

        var mode = rulesOnly ? AutoCoderMode.RulesOnly : modelOnly ? AutoCoderMode.ModelOnly : AutoCoderMode.Combined;
        return (mode, minConfidence);
    }
}

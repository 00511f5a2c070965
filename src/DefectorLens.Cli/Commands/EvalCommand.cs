using System.CommandLine;
using System.Globalization;
using DefectorLens.Coding.Evaluation;
using DefectorLens.Interop.Codebooks;
using DefectorLens.Services;
using Spectre.Console;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens eval [GOLD.jsonl]</c>: the automatic coder's precision, recall and F1 against people's codes.</summary>
internal static class EvalCommand
{
    public static Command Create(CliEnvironment env)
    {
        var gold = new Argument<string?>("GOLD") { Description = "Gold file: JSON Lines of {\"id\", \"lang\", \"text\", \"labels\"}, coded with the shipped model (or, with --folds, cross-validated). Without it: k-fold cross-validation inside the project (--project).", Arity = ArgumentArity.ZeroOrOne };
        var folds = new Option<int>("--folds") { Description = "Folds of the cross-validation: inside a project (default 5), or of a gold file when given with one.", HelpName = "K", DefaultValueFactory = _ => 5 };
        var options = new AutoCodingOptions();
        var json = CommonOptions.Json();
        var command = new Command("eval", "Evaluate the automatic coder: per-code precision, recall, F1 and support, micro and macro F1, overall and per language. A gold file is coded with the shipped codebook and model; without one, the project's human codings are cross-validated.") { gold, folds, json };
        options.AddTo(command, withConfidence: false);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (mode, _) = options.Read(parse);
            EvaluationReport report;
            var k = parse.GetValue(folds);
            if (k < 2)
            {
                throw new Core.UserErrorException(Core.UserErrorKind.InvalidInput, "--folds must be at least 2");
            }

            if (parse.GetValue(gold) is { } goldFile && parse.GetResult(folds) is { Implicit: false })
            {
                report = await ProgressBars.RunAsync(
                    env, "Cross-validating", _ => CodingEvaluation.CrossValidateGoldAsync(goldFile, CodebookFile.Default, mode, k, cancellationToken));
            }
            else if (parse.GetValue(gold) is { } shippedGold)
            {
                var coder = new Coding.AutoCoder(CodebookFile.Default, mode == Coding.AutoCoderMode.RulesOnly ? null : DefaultModel.Model, mode);
                report = await CodingEvaluation.EvaluateGoldAsync(shippedGold, CodebookFile.Default, coder, cancellationToken);
            }
            else
            {
                var store = await env.OpenProjectAsync(parse, cancellationToken);
                await using (store)
                {
                    report = await ProgressBars.RunAsync(env, "Cross-validating", _ => CodingEvaluation.EvaluateProjectAsync(store, mode, k, cancellationToken));
                }
            }

            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, EvalJson.From(report), CliJsonContext.Default.EvalJson);
            }
            else
            {
                env.OutConsole.Write(Table(report.Overall, "all languages"));
                foreach (var (language, figures) in report.PerLanguage)
                {
                    env.OutConsole.Write(Table(figures, language));
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static Table Table(EvaluationFigures figures, string title)
    {
        var table = new Table().Title(string.Create(CultureInfo.InvariantCulture,
            $"{title}: {figures.Items} texts, macro-F1 {figures.MacroF1:0.000}, micro-F1 {figures.MicroF1:0.000}"));
        table.AddColumns("code", "precision", "recall", "F1", "support");
        foreach (var code in figures.PerCode)
        {
            table.AddRow(code.Code.Value, F(code.Precision), F(code.Recall), F(code.F1), code.Support.ToString(CultureInfo.InvariantCulture));
        }

        return table;
    }

    private static string F(double value) => value.ToString("0.000", CultureInfo.InvariantCulture);
}

/// <summary>What <c>dlens eval --json</c> prints: <c>{"macro_f1", "micro_f1", "per_code", "per_language"}</c>.</summary>
internal sealed record EvalJson(double MacroF1, double MicroF1, IReadOnlyDictionary<string, EvalCodeJson> PerCode, IReadOnlyDictionary<string, EvalLanguageJson> PerLanguage)
{
    public static EvalJson From(EvaluationReport report) => new(
        report.Overall.MacroF1, report.Overall.MicroF1, Codes(report.Overall),
        report.PerLanguage.ToDictionary(pair => pair.Key, pair => new EvalLanguageJson(pair.Value.MacroF1, pair.Value.MicroF1, pair.Value.Items, Codes(pair.Value)), StringComparer.Ordinal));

    private static Dictionary<string, EvalCodeJson> Codes(EvaluationFigures figures) =>
        figures.PerCode.ToDictionary(code => code.Code.Value, code => new EvalCodeJson(code.Precision, code.Recall, code.F1, code.Support), StringComparer.Ordinal);
}

/// <summary>One language's figures.</summary>
internal sealed record EvalLanguageJson(double MacroF1, double MicroF1, int Items, IReadOnlyDictionary<string, EvalCodeJson> PerCode);

/// <summary>One code's figures.</summary>
internal sealed record EvalCodeJson(double Precision, double Recall, double F1, int Support);

using System.CommandLine;
using DefectorLens.Coding.Model;
using DefectorLens.Interop.Codebooks;
using DefectorLens.Services;
using Spectre.Console;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens train</c>: trains the model coder on the project's human codings, or on a gold file.</summary>
internal static class TrainCommand
{
    public static Command Create(CliEnvironment env)
    {
        var gold = new Option<string?>("--gold") { Description = "Train on this gold file (JSON Lines with \"text\" and \"labels\") instead of the project; needs --out.", HelpName = "FILE" };
        var output = new Option<string?>("--out") { Description = "With --gold: where to write the model archive (the shipped one is models/icsr-2015-dev.zip).", HelpName = "FILE" };
        var version = new Option<string>("--version") { Description = "With --gold: the version the model's codings will name.", HelpName = "NAME", DefaultValueFactory = _ => DefaultModel.Version };
        var list = new Option<bool>("--list") { Description = "List the models stored in the project (version, when, by whom, training size, cross-validated macro-F1, which one codes) instead of training." };
        var json = CommonOptions.Json();
        var command = new Command("train", "Train the model coder (one calibrated logistic regression per code, thresholds by 5-fold cross-validation) on every segment a person coded, and store it as the project's next model version.")
        {
            gold, output, version, list, json,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(list))
            {
                await ListAsync(env, parse, parse.GetValue(json), cancellationToken);
                return ExitCodes.Success;
            }

            TrainingResult result;
            if (parse.GetValue(gold) is { } goldFile)
            {
                var outFile = parse.GetValue(output) ?? throw new Core.UserErrorException(Core.UserErrorKind.InvalidInput, "--gold needs --out FILE: where to write the model");
                result = await ProgressBars.RunAsync(env, "Training", _ =>
                    ModelTraining.TrainFromGoldAsync(goldFile, CodebookFile.Default, parse.GetValue(version)!, outFile, cancellationToken));
            }
            else
            {
                var store = await env.OpenProjectAsync(parse, cancellationToken);
                await using (store)
                {
                    result = await ProgressBars.RunAsync(env, "Training", _ => ModelTraining.TrainProjectAsync(store, Environment.UserName, cancellationToken));
                }
            }

            var manifest = result.Model.Manifest;
            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, TrainJson.From(manifest, result.ProjectVersion), CliJsonContext.Default.TrainJson);
            }
            else
            {
                await env.Out.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"Trained model {manifest.Version} on {manifest.Items} texts: cross-validated macro-F1 {manifest.MacroF1:0.000}."));
                foreach (var code in manifest.Codes)
                {
                    await env.Out.WriteLineAsync(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"  {code.Code.Value,-26} threshold {code.Threshold:0.00}  P {code.Precision:0.00}  R {code.Recall:0.00}  F1 {code.F1:0.00}  support {code.Support}"));
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    // The latest model is the one 'dlens code --auto' codes with (AutoCoding.CoderForAsync); with none, the shipped model is.
    private static async Task ListAsync(CliEnvironment env, ParseResult parse, bool json, CancellationToken cancellationToken)
    {
        var store = await env.OpenProjectAsync(parse, cancellationToken);
        await using (store)
        {
            var models = await store.GetModelsAsync(cancellationToken);
            var active = models.Count == 0 ? 0 : models[^1].Version;
            if (json)
            {
                JsonOutput.Write(
                    env.Out,
                    new ModelListJson(active == 0 ? DefaultModel.Version : $"project.{active}", [.. models.Select(model => new TrainedModelJson(
                        model.Version, $"project.{model.Version}", model.Trained, model.Trainer, model.Items, model.MacroF1, model.Version == active))]),
                    CliJsonContext.Default.ModelListJson);
                return;
            }

            if (models.Count == 0)
            {
                await env.Out.WriteLineAsync($"No model trained in this project: 'dlens code --auto' uses the shipped model {DefaultModel.Version}.");
                return;
            }

            var table = new Table().AddColumns("version", "trained", "trainer", "segments", "macro-F1", "codes with");
            foreach (var model in models)
            {
                table.AddRow(
                    Markup.Escape($"project.{model.Version}"),
                    model.Trained.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                    Markup.Escape(model.Trainer),
                    Numbers.Text(model.Items),
                    model.MacroF1.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture),
                    model.Version == active ? "yes" : "");
            }

            env.OutConsole.Write(table);
        }
    }
}

/// <summary>What <c>dlens train --list --json</c> prints.</summary>
internal sealed record ModelListJson(string Active, IReadOnlyList<TrainedModelJson> Models);

/// <summary>One stored model.</summary>
internal sealed record TrainedModelJson(int ProjectVersion, string Version, DateTimeOffset Trained, string Trainer, int Items, double MacroF1, bool Active);

/// <summary>What <c>dlens train --json</c> prints.</summary>
internal sealed record TrainJson(string Version, int? ProjectVersion, int Items, string DataSha256, double MacroF1, IReadOnlyDictionary<string, TrainCodeJson> Codes)
{
    public static TrainJson From(ModelManifest manifest, int? projectVersion) => new(
        manifest.Version, projectVersion, manifest.Items, manifest.DataSha256, manifest.MacroF1,
        manifest.Codes.ToDictionary(code => code.Code.Value, code => new TrainCodeJson(code.Threshold, code.Precision, code.Recall, code.F1, code.Support)));
}

/// <summary>One code's cross-validated figures.</summary>
internal sealed record TrainCodeJson(double Threshold, double Precision, double Recall, double F1, int Support);

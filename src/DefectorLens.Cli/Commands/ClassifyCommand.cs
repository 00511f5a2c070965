using System.CommandLine;
using DefectorLens.Coding;
using DefectorLens.Core;
using DefectorLens.Interop.Codebooks;
using DefectorLens.Services;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens classify [FILE|-]</c>: codes JSON Lines without a project, streaming.</summary>
internal static class ClassifyCommand
{
    public static Command Create(CliEnvironment env)
    {
        var file = new Argument<string?>("FILE") { Description = "JSON Lines with \"text\" (and optional \"id\", \"lang\"); '-' or nothing reads standard input.", Arity = ArgumentArity.ZeroOrOne };
        var options = new AutoCodingOptions();
        var command = new Command("classify", "Classify JSON Lines: one {\"id\", \"labels\": [{\"code\", \"confidence\", \"why\"}]} line out per line in, in order, in constant memory, on every core. With --project, the project's codebook and latest model; otherwise the shipped ones.") { file };
        options.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var (mode, minConfidence) = options.Read(parse);
            var coder = await CoderAsync(env, parse, mode, minConfidence, cancellationToken);
            var path = parse.GetValue(file);
            if (path is null or "-")
            {
                await Classification.ClassifyAsync(Console.In, "standard input", env.Out, coder, cancellationToken);
                return ExitCodes.Success;
            }

            if (!File.Exists(path))
            {
                throw new UserErrorException(UserErrorKind.NotFound, Messages.FileNotFound(path));
            }

            using var reader = new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
            await Classification.ClassifyAsync(reader, path, env.Out, coder, cancellationToken);
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The project's coder when --project names one, else the shipped codebook and model.</summary>
    internal static async Task<AutoCoder> CoderAsync(CliEnvironment env, ParseResult parse, AutoCoderMode mode, double minConfidence, CancellationToken cancellationToken)
    {
        if (parse.GetValue(CommonOptions.Project) is { } project)
        {
            var store = await env.Projects.OpenAsync(project, cancellationToken);
            await using (store)
            {
                return await AutoCoding.CoderForAsync(store, mode, minConfidence, cancellationToken);
            }
        }

        return new AutoCoder(CodebookFile.Default, mode == AutoCoderMode.RulesOnly ? null : DefaultModel.Model, mode, minConfidence);
    }
}

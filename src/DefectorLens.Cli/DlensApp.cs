using System.CommandLine;
using DefectorLens.Cli.Commands;
using DefectorLens.Core;
using Microsoft.Extensions.Logging;

namespace DefectorLens.Cli;

/// <summary>The <c>dlens</c> command line: parses, runs one command, maps failures to exit codes.</summary>
internal static class DlensApp
{
    private static readonly Option<bool> Verbose = new("--verbose", "-v") { Description = "Log what the store does (ids and counts only) to standard error.", Recursive = true };

    /// <summary>Runs the command line of a real process.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        // The level is known only after parsing, and parsing needs the commands, which need the logger factory.
        using var logging = new DeferredConsoleLogging();
        var env = CliEnvironment.ForProcess(logging);
        var parse = BuildRoot(env).Parse(args);
        if (parse.GetValue(ProtectionOptions.KeyFile) is { } keyFile)
        {
            // Read by the key store at each use, so it applies to the provider made before parsing.
            Environment.SetEnvironmentVariable(Storage.Keys.KeyFiles.FileVariable, Path.GetFullPath(keyFile));
        }

        if (parse.GetValue(Verbose))
        {
            logging.MinimumLevel = LogLevel.Information;
        }

        return await InvokeAsync(parse, env, showStackTraces: parse.GetValue(Verbose));
    }

    /// <summary>Every command of <c>dlens</c>.</summary>
    public static RootCommand BuildRoot(CliEnvironment env) => new("dlens: collect, code and analyse testimonies of people who left armed groups, without exposing who spoke.")
    {
        CommonOptions.Project,
        ProtectionOptions.KeyFile,
        Verbose,
        DemoCommand.Create(env),
        InitCommand.Create(env),
        ImportCommand.Create(env),
        GenerateCorpusCommand.Create(env),
        CodeCommand.Create(env),
        ClassifyCommand.Create(env),
        EvalCommand.Create(env),
        TrainCommand.Create(env),
        ReviewCommand.Create(env),
        InfoCommand.Create(env),
        CasesCommand.Create(env),
        SourcesCommand.Create(env),
        SearchCommand.Create(env),
        StatsCommand.Create(env),
        ReportCommand.Create(env),
        CodebookCommand.Create(env),
        MemoCommand.Create(env),
        KeysCommand.Create(env),
        AuditCommand.Create(env),
        BackupCommand.Create(env),
        RestoreCommand.Create(env),
        ExportCommand.Create(env),
    };

    /// <summary>Runs a parsed command line: one line on standard error and a documented exit code for every known failure.</summary>
    /// <remarks>An unexpected failure is a bug: one line names it, and <c>--verbose</c> adds the stack trace for the report.</remarks>
    public static async Task<int> InvokeAsync(ParseResult parse, CliEnvironment env, bool showStackTraces)
    {
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await env.Error.WriteLineAsync($"dlens: {error.Message}");
            }

            await env.Error.WriteLineAsync("Run 'dlens --help' for usage.");
            return ExitCodes.Usage;
        }

        try
        {
            return await parse.InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = env.Out, Error = env.Error });
        }
        catch (UserErrorException error)
        {
            await env.Error.WriteLineAsync($"dlens: {error.Message}");
            return ExitCodes.For(error.Kind);
        }
        catch (OperationCanceledException)
        {
            await env.Error.WriteLineAsync("dlens: cancelled; nothing was half-written.");
            return ExitCodes.Cancelled;
        }
        catch (Exception bug) when (bug is not OutOfMemoryException)
        {
            await env.Error.WriteLineAsync($"dlens: unexpected error ({bug.GetType().Name}): {bug.Message}");
            await env.Error.WriteLineAsync(showStackTraces ? bug.ToString() : "Run again with --verbose for details, and please report it.");
            return ExitCodes.InternalError;
        }
    }
}

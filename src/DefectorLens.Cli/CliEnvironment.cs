using DefectorLens.Core.Protection;
using DefectorLens.Core.Storage;
using DefectorLens.Services;
using DefectorLens.Storage.Keys;
using DefectorLens.Storage.Sqlite;
using Microsoft.Extensions.Logging;
using Spectre.Console;

namespace DefectorLens.Cli;

/// <summary>What commands write to and work with: the consoles, the clock, the store.</summary>
/// <param name="Out">Standard output: tables, or exactly one JSON document with <c>--json</c>.</param>
/// <param name="Error">Standard error: messages and progress.</param>
/// <param name="OutConsole">Standard output as a console for tables.</param>
/// <param name="ErrorConsole">Standard error as a console for progress and messages.</param>
/// <param name="ShowProgress">True when standard error is a terminal, so progress bars can be drawn.</param>
/// <param name="Clock">The clock.</param>
/// <param name="Projects">Creates and opens projects.</param>
internal sealed record CliEnvironment(
    TextWriter Out, TextWriter Error, IAnsiConsole OutConsole, IAnsiConsole ErrorConsole, bool ShowProgress, TimeProvider Clock, Projects Projects)
{
    private const int RedirectedWidth = 240;

    /// <summary>Where projects' key rings are kept: the environment's choice, looked up at each use.</summary>
    public IKeyStore Keys { get; init; } = KeyFiles.FromEnvironment();

    /// <summary>The folder the sample corpus is copied to beside the program.</summary>
    public static string SamplesDirectory => Path.Combine(AppContext.BaseDirectory, "samples");

    /// <summary>Opens the project the command line names with <c>--project</c> (the current directory by default).</summary>
    public Task<IProjectStore> OpenProjectAsync(System.CommandLine.ParseResult parse, CancellationToken cancellationToken) =>
        Projects.OpenAsync(parse.GetValue(CommonOptions.Project), cancellationToken);

    /// <summary>The environment of a real process: the process's console streams and a SQLite store.</summary>
    public static CliEnvironment ForProcess(ILoggerFactory loggerFactory)
    {
        var clock = TimeProvider.System;
        IProjectStoreProvider provider = new SqliteStoreProvider(clock, loggerFactory, Environment.UserName);
        var outConsole = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected)
        {
            // Piped tables would otherwise be cut to 80 columns, truncating pseudonyms and titles.
            outConsole.Profile.Width = RedirectedWidth;
        }

        var errorConsole = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        return new CliEnvironment(Console.Out, Console.Error, outConsole, errorConsole, !Console.IsErrorRedirected, clock, new Projects(provider));
    }
}

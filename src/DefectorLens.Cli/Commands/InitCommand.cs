using System.CommandLine;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens init [PATH] [--codebook FILE]</c>: creates a project.</summary>
internal static class InitCommand
{
    public static Command Create(CliEnvironment env)
    {
        var path = new Argument<string?>("path") { Description = "Directory to create the project in (default: the current directory).", Arity = ArgumentArity.ZeroOrOne };
        var codebook = new Option<string?>("--codebook") { Description = "Code with this codebook file (YAML or JSON) instead of the default icsr-2015.", HelpName = "FILE" };
        var command = new Command("init", "Create a project: one SQLite file, project.dlens, coding with a codebook.") { path, codebook };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var target = parse.GetValue(path) ?? parse.GetValue(CommonOptions.Project);
            var store = await env.Projects.CreateAsync(target, parse.GetValue(codebook), cancellationToken);
            await using (store)
            {
                var info = await store.GetInfoAsync(cancellationToken);
                await env.Out.WriteLineAsync($"Created project '{info.Name}' at {store.Location} (codebook {info.CodebookId} {info.CodebookVersion}).");
                var protection = await store.GetProtectionAsync(cancellationToken);
                await env.Out.WriteLineAsync($"Identities will be encrypted with the key in {protection.KeyLocation}: keep it private and keep a copy offline.");
            }

            return ExitCodes.Success;
        });
        return command;
    }
}

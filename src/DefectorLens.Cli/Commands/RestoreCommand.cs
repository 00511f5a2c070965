using System.CommandLine;
using DefectorLens.Services;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens restore FILE</c>: checks a backup whole, then restores it as a new project.</summary>
internal static class RestoreCommand
{
    public static Command Create(CliEnvironment env)
    {
        var file = new Argument<string>("file") { Description = "The backup file written by 'dlens backup'." };
        var passphrase = ProtectionOptions.PassphraseVariable();
        var json = CommonOptions.Json();
        var command = new Command("restore", "Check a backup (decryption, integrity, project, audit chain) and only then restore it where --project says; never overwrites a project.") { file, passphrase, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var secret = ProtectionOptions.Passphrase(parse, passphrase);
            var target = ProjectPaths.Resolve(parse.GetValue(CommonOptions.Project));
            var restored = await ProtectionBackups.RestoreAsync(env.Projects.Provider, env.Keys, parse.GetRequiredValue(file), target, secret, cancellationToken);
            if (parse.GetValue(json))
            {
                JsonOutput.Write(env.Out, new RestoreJson(restored.ProjectFile, restored.AuditEvents), CliJsonContext.Default.RestoreJson);
                return ExitCodes.Success;
            }

            await env.Out.WriteLineAsync($"Restored {restored.ProjectFile}: backup intact, audit log of {Numbers.Text(restored.AuditEvents)} events verified.");
            return ExitCodes.Success;
        });
        return command;
    }
}

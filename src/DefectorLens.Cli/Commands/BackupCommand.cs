using System.CommandLine;
using DefectorLens.Services;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens backup FILE</c>: an encrypted, integrity-checked copy of the project.</summary>
internal static class BackupCommand
{
    public static Command Create(CliEnvironment env)
    {
        var file = new Argument<string>("file") { Description = "The backup file to write; it must not exist." };
        var passphrase = ProtectionOptions.PassphraseVariable();
        var json = CommonOptions.Json();
        var command = new Command("backup", "Write an encrypted, integrity-checked copy of the project, even while it is in use (tied to the project key unless --passphrase-env).") { file, passphrase, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var secret = ProtectionOptions.Passphrase(parse, passphrase);
            var store = await env.OpenProjectAsync(parse, cancellationToken);
            await using (store)
            {
                var backup = await ProtectionBackups.BackupAsync(store, env.Keys, parse.GetRequiredValue(file), secret, cancellationToken);
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(env.Out, new BackupJson(backup.File, backup.Bytes, backup.KeyId), CliJsonContext.Default.BackupJson);
                    return ExitCodes.Success;
                }

                var tie = backup.KeyId is { } key ? $"the project key {key}" : "the passphrase";
                await env.Out.WriteLineAsync($"Backup written to {backup.File} ({backup.Bytes.ToString(System.Globalization.CultureInfo.InvariantCulture)} bytes), encrypted with {tie}.");
                return ExitCodes.Success;
            }
        });
        return command;
    }
}

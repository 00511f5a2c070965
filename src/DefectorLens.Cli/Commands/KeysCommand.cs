using System.CommandLine;
using DefectorLens.Services;
using Spectre.Console;

namespace DefectorLens.Cli.Commands;

/// <summary><c>dlens keys status|init|rotate</c>: the key that encrypts identities.</summary>
internal static class KeysCommand
{
    public static Command Create(CliEnvironment env)
    {
        var keys = new Command("keys", "Show, create or rotate the key that encrypts identities; it lives outside the project.");
        keys.Add(Status(env));
        keys.Add(Init(env));
        keys.Add(Rotate(env));
        return keys;
    }

    private static Command Status(CliEnvironment env)
    {
        var json = CommonOptions.Json();
        var command = new Command("status", "Show where the key is, whether it is at hand, and how many identities it protects.") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await env.OpenProjectAsync(parse, cancellationToken);
            await using (store)
            {
                var status = await store.GetProtectionAsync(cancellationToken);
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(env.Out, new KeyStatusJson(status.ProjectId, status.KeyLocation, status.Unlocked, status.CurrentKeyId, status.Identities, status.StaleValues), CliJsonContext.Default.KeyStatusJson);
                    return ExitCodes.Success;
                }

                var grid = new Grid().AddColumn().AddColumn();
                void Row(string name, string value) => grid.AddRow(Markup.Escape(name), Markup.Escape(value));
                Row("project id", status.ProjectId);
                Row("key file", status.KeyLocation);
                Row("key", status.CurrentKeyId ?? "not at hand: identities are locked");
                Row("identities", Numbers.Text(status.Identities));
                Row("not under the current key", Numbers.Text(status.StaleValues));
                env.OutConsole.Write(grid);
                return ExitCodes.Success;
            }
        });
        return command;
    }

    private static Command Init(CliEnvironment env)
    {
        var json = CommonOptions.Json();
        var command = new Command("init", "Create the project's key (dlens init does it for new projects) and encrypt identities an older version stored in clear.") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await env.OpenProjectAsync(parse, cancellationToken);
            await using (store)
            {
                var created = await ProtectionKeys.InitAsync(store, env.Keys, cancellationToken);
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(env.Out, new KeyChangeJson(created.KeyFile, created.KeyId, null, created.Sealed), CliJsonContext.Default.KeyChangeJson);
                    return ExitCodes.Success;
                }

                await env.Out.WriteLineAsync($"Key {created.KeyId} written to {created.KeyFile}; {Numbers.Text(created.Sealed)} identities encrypted.");
                await env.Out.WriteLineAsync("Keep the key file private and keep a copy offline: without it identities cannot be read.");
                return ExitCodes.Success;
            }
        });
        return command;
    }

    private static Command Rotate(CliEnvironment env)
    {
        var json = CommonOptions.Json();
        var command = new Command("rotate", "Replace the key with a new one and re-encrypt every identity; an interrupted rotation is finished by running it again.") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = await env.OpenProjectAsync(parse, cancellationToken);
            await using (store)
            {
                var rotation = await ProtectionKeys.RotateAsync(store, env.Keys, progress: null, cancellationToken);
                if (parse.GetValue(json))
                {
                    JsonOutput.Write(env.Out, new KeyChangeJson(rotation.KeyFile, rotation.KeyId, rotation.RetiredKeyId, rotation.Reencrypted), CliJsonContext.Default.KeyChangeJson);
                    return ExitCodes.Success;
                }

                var what = rotation.Resumed
                    ? $"Finished an interrupted rotation to key {rotation.KeyId}"
                    : $"Rotated key {rotation.RetiredKeyId} to {rotation.KeyId}";
                await env.Out.WriteLineAsync($"{what}: {Numbers.Text(rotation.Reencrypted)} identities re-encrypted. {rotation.KeyFile} keeps retired keys for older backups.");
                return ExitCodes.Success;
            }
        });
        return command;
    }
}

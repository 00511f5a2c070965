using Spectre.Console;

namespace DefectorLens.Cli;

/// <summary>Progress bars on standard error, drawn only when it is a terminal.</summary>
internal static class ProgressBars
{
    /// <summary>Runs <paramref name="work"/>, showing its task's progress when standard error is a terminal.</summary>
    public static async Task<T> RunAsync<T>(CliEnvironment env, string description, Func<ProgressTask, Task<T>> work)
    {
        if (!env.ShowProgress)
        {
            return await work(new ProgressTask(0, description, 1));
        }

        return await env.ErrorConsole.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(async context => await work(context.AddTask(description, maxValue: 1)));
    }
}

/// <summary>Numbers as the CLI prints them, whatever the machine's culture.</summary>
internal static class Numbers
{
    /// <summary>An integer.</summary>
    public static string Text(int value) => value.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A share as a percentage with one decimal: <c>41.7%</c>.</summary>
    public static string Percent(double share) => (share * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + "%";
}

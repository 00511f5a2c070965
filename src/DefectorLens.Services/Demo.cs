using DefectorLens.Core.Storage;

namespace DefectorLens.Services;

/// <summary>What the demo built.</summary>
/// <param name="ProjectFile">The demo project.</param>
/// <param name="Import">What was imported.</param>
/// <param name="Coding">What the automatic coder did.</param>
/// <param name="Prevalence">Prevalence over every coder.</param>
/// <param name="Report">The report files.</param>
public sealed record DemoResult(string ProjectFile, ImportSummary Import, AutoCodingSummary Coding, PrevalenceResult Prevalence, ReportFiles Report);

/// <summary>The steps of the demo, reported as they start.</summary>
public enum DemoStep
{
    /// <summary>Creating the project.</summary>
    Create,
    /// <summary>Importing the samples.</summary>
    Import,
    /// <summary>Coding with the lexicon.</summary>
    Code,
    /// <summary>Writing the report.</summary>
    Report,
}

/// <summary>Builds a fresh project from the sample corpus: import, automatic coding, report.</summary>
public static class Demo
{
    /// <summary>Runs the demo into <paramref name="directory"/>, replacing an earlier demo project there.</summary>
    public static async Task<DemoResult> RunAsync(
        Projects projects, string samples, string directory, TimeProvider clock, IProgress<DemoStep>? progress, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(projects);
        var projectFile = Path.Combine(Path.GetFullPath(directory), ProjectPaths.FileName);
        Directory.CreateDirectory(Path.GetDirectoryName(projectFile)!);
        foreach (var stale in new[] { projectFile, projectFile + "-wal", projectFile + "-shm" })
        {
            File.Delete(stale);
        }

        progress?.Report(DemoStep.Create);
        var store = await projects.CreateAsync(directory, codebookFile: null, cancellationToken).ConfigureAwait(false);
        await using (store.ConfigureAwait(false))
        {
            progress?.Report(DemoStep.Import);
            var import = await Importing.ImportAsync(store, SampleFiles(samples), progress: null, cancellationToken).ConfigureAwait(false);
            progress?.Report(DemoStep.Code);
            var coding = await AutoCoding.CodeWithRulesAsync(store, progress: null, cancellationToken).ConfigureAwait(false);
            progress?.Report(DemoStep.Report);
            var model = await Reporting.BuildAsync(store, CodingFilter.All, clock, cancellationToken).ConfigureAwait(false);
            var report = await Reporting.WriteAsync(model, Path.GetDirectoryName(projectFile)!, cancellationToken).ConfigureAwait(false);
            var prevalence = await Analysis.PrevalenceAsync(store, CodingFilter.All, cancellationToken).ConfigureAwait(false);
            return new DemoResult(projectFile, import, coding, prevalence, report);
        }
    }

    /// <summary>The corpus inside the samples folder: its README is about the corpus, not part of it.</summary>
    private static string[] SampleFiles(string samples) =>
        [Path.Combine(samples, "cases.jsonl"), Path.Combine(samples, "sources.jsonl"), Path.Combine(samples, "texts")];
}

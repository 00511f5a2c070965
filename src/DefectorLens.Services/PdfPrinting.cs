using System.Diagnostics;
using DefectorLens.Core;

namespace DefectorLens.Services;

/// <summary>Prints an HTML report to PDF with headless Chromium (Debian's <c>chromium</c>, never a downloaded browser).</summary>
public static class PdfPrinting
{
    /// <summary>Where Chromium is looked for unless <c>DEFECTORLENS_CHROMIUM</c> says otherwise.</summary>
    public const string DefaultChromium = "/usr/bin/chromium";

    /// <summary>The Chromium this process would use.</summary>
    public static string Chromium => Environment.GetEnvironmentVariable("DEFECTORLENS_CHROMIUM") is { Length: > 0 } path ? path : DefaultChromium;

    /// <summary>Prints <paramref name="html"/> to <paramref name="pdf"/>, replacing an earlier file only once complete.</summary>
    /// <exception cref="UserErrorException">Chromium is missing or wrote no file.</exception>
    public static async Task PrintAsync(string html, string pdf, CancellationToken cancellationToken)
    {
        var chromium = Chromium;
        if (!File.Exists(chromium))
        {
            throw new UserErrorException(UserErrorKind.NotFound, Messages.ChromiumMissing(chromium));
        }

        var profile = Directory.CreateTempSubdirectory("dlens-chromium-");
        var temporary = pdf + ".tmp";
        try
        {
            var start = new ProcessStartInfo(chromium)
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
                UseShellExecute = false,
            };
            foreach (var argument in (string[])
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-pdf-header-footer", "--user-data-dir=" + profile.FullName, "--print-to-pdf=" + Path.GetFullPath(temporary),
                new Uri(Path.GetFullPath(html)).AbsoluteUri,
            ])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new UserErrorException(UserErrorKind.NotFound, Messages.ChromiumMissing(chromium));
            var drainOut = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var drainError = process.StandardError.ReadToEndAsync(cancellationToken);
            try
            {
                await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            await Task.WhenAll(drainOut, drainError).ConfigureAwait(false);
            if (!File.Exists(temporary) || new FileInfo(temporary).Length == 0)
            {
                throw new UserErrorException(UserErrorKind.InvalidInput, Messages.PdfNotWritten(process.ExitCode));
            }

            File.Move(temporary, pdf, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
            profile.Delete(recursive: true);
        }
    }
}

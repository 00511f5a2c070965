namespace DefectorLens.Interop.Import;

/// <summary>Words a document parser's failure as a short reason.</summary>
internal static class DocumentFailures
{
    private const int LongestReason = 160;

    /// <summary>True for the failures a parser of untrusted bytes may throw on a damaged file, which are the file's fault.</summary>
    /// <remarks>
    /// Third-party parsers fed damaged files throw whatever their code runs into (format, argument, index and cast
    /// errors among them); only cancellation and exhaustion of the process are not the file's fault.
    /// </remarks>
    public static bool IsFileFault(Exception failure) =>
        failure is not (OperationCanceledException or OutOfMemoryException or StackOverflowException or ThreadAbortException);

    /// <summary>The first line of the failure's message, cut short.</summary>
    public static string Reason(Exception failure)
    {
        var message = failure.Message.Split('\n')[0].Trim().TrimEnd('.');
        if (message.Length == 0)
        {
            message = failure.GetType().Name;
        }

        return message.Length <= LongestReason ? message : string.Concat(message.AsSpan(0, LongestReason - 1), "…");
    }
}

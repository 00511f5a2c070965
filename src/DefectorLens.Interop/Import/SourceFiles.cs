using DefectorLens.Core;

namespace DefectorLens.Interop.Import;

/// <summary>Reads input files, turning the ways a file can be missing or unreadable into errors.</summary>
internal static class SourceFiles
{
    /// <summary>The file's bytes, or null with an error when it does not exist or cannot be read.</summary>
    public static byte[]? ReadBytes(string path, InputErrorList errors)
    {
        if (!File.Exists(path))
        {
            errors.Add(null, Messages.NoSuchFile);
            return null;
        }

        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            errors.Add(null, Messages.FileUnreadable(failure.Message));
            return null;
        }
    }
}

using DefectorLens.Core;

namespace DefectorLens.Interop.Import;

/// <summary>Reads input files, turning the ways a file can be missing, unreadable or too large into errors.</summary>
internal static class SourceFiles
{
    /// <summary>The file's bytes, or null with an error when it does not exist or cannot be read.</summary>
    public static byte[]? ReadBytes(string path, InputErrorList errors) => ReadBytes(path, long.MaxValue, errors);

    /// <summary>The file's bytes, or null with an error when it does not exist, cannot be read or is over the size limit.</summary>
    public static byte[]? ReadBytes(string path, long maxBytes, InputErrorList errors)
    {
        if (!File.Exists(path))
        {
            errors.Add(null, Messages.NoSuchFile);
            return null;
        }

        try
        {
            var length = new FileInfo(path).Length;
            if (length > maxBytes)
            {
                errors.Add(null, Messages.FileTooLarge(length, maxBytes));
                return null;
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException)
        {
            errors.Add(null, Messages.FileUnreadable(failure.Message));
            return null;
        }
    }
}

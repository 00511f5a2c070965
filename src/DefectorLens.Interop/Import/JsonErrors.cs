using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using DefectorLens.Core;

namespace DefectorLens.Interop.Import;

/// <summary>Turns a JSON parser's exception into a reason that is short and cannot leak what the line holds.</summary>
internal static partial class JsonErrors
{
    /// <summary>Describes why a line is not JSON, with the column where reading stopped.</summary>
    /// <remarks>
    /// The parser quotes the characters it choked on (<c>'M' is an invalid start of a value</c>), which may be the
    /// start of a real name: quoted letters and digits are masked, punctuation and JSON keywords are kept.
    /// </remarks>
    public static string Describe(JsonException exception, byte[] line)
    {
        var message = exception.Message;
        var position = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        var reason = (position >= 0 ? message[..position] : message).Trim().TrimEnd('.');

        // Advice meant for the programmer calling the parser, not for whoever wrote the file.
        reason = reason.Replace(" in this mode. Change the reader options", "", StringComparison.Ordinal);
        reason = Quoted().Replace(reason, quote => IsSafe(quote.Groups["text"].Value) ? quote.Value : "'…'");
        if (exception.BytePositionInLine is not { } bytes)
        {
            return Messages.NotValidJson(reason);
        }

        var column = Encoding.UTF8.GetCharCount(line, 0, (int)Math.Min(bytes, line.Length)) + 1;
        return Messages.NotValidJson(reason, column);
    }

    private static bool IsSafe(string quoted) =>
        quoted is "true" or "false" or "null"
        || (quoted.Length > 2 && quoted.StartsWith("0x", StringComparison.Ordinal) && quoted[2..].All(char.IsAsciiHexDigit))
        || !quoted.Any(char.IsLetterOrDigit);

    [GeneratedRegex("'(?<text>[^']*)'", RegexOptions.CultureInvariant)]
    private static partial Regex Quoted();
}

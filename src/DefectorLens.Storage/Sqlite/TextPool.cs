using System.Text;

namespace DefectorLens.Storage.Sqlite;

/// <summary>One string per distinct text, so that a value repeated over many rows (a code id, a coder, an outlet, a nationality) is kept once.</summary>
/// <remarks>Holds every distinct text it is given: for values that repeat, not for ids.</remarks>
internal sealed class TextPool
{
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _byChars;
    private char[] _chars = new char[64];

    public TextPool() => _byChars = _texts.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>The pool's instance of a text read as a string.</summary>
    public string Get(string text)
    {
        if (!_texts.TryGetValue(text, out var shared))
        {
            _texts.Add(text, shared = text);
        }

        return shared;
    }

    /// <summary>The pool's instance of a text given as UTF-8, decoded and allocated only the first time.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        // UTF-8 never decodes to more characters than it has bytes.
        if (_chars.Length < utf8.Length)
        {
            _chars = new char[utf8.Length];
        }

        var chars = _chars.AsSpan(0, Encoding.UTF8.GetChars(utf8, _chars));
        if (!_byChars.TryGetValue(chars, out var text))
        {
            text = new string(chars);
            _texts.Add(text, text);
        }

        return text;
    }
}

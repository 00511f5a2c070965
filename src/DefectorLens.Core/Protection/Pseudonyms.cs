using System.Security.Cryptography;
using System.Text;
using DefectorLens.Core.Model;

namespace DefectorLens.Core.Protection;

/// <summary>Readable pseudonyms for cases that come without one, such as <c>Amber Heron</c>.</summary>
/// <remarks>
/// The first choice is derived from the case id alone, so a case gets the same pseudonym whenever it is imported into an
/// empty project; when that name is taken the next pair in a fixed order is tried, then numbered names. The words carry
/// no meaning about the person: no nationality, gender, religion or group.
/// </remarks>
public static class Pseudonyms
{
    private static readonly string[] Adjectives =
    [
        "Amber", "Ash", "Azure", "Birch", "Bright", "Calm", "Cedar", "Clear", "Copper", "Coral", "Crimson", "Dawn",
        "Dusk", "Ember", "Fern", "Frost", "Golden", "Granite", "Hazel", "Indigo", "Ivory", "Jade", "Juniper", "Linen",
        "Maple", "Meadow", "Misty", "Moss", "Ochre", "Olive", "Opal", "Pearl", "Pine", "Quiet", "Rain", "River",
        "Russet", "Saffron", "Sage", "Silver", "Slate", "Snow", "Stone", "Summer", "Teal", "Thistle", "Willow", "Winter",
    ];

    private static readonly string[] Nouns =
    [
        "Albatross", "Badger", "Bittern", "Brook", "Cairn", "Comet", "Crane", "Curlew", "Delta", "Dune", "Egret", "Falcon",
        "Finch", "Fjord", "Glade", "Grove", "Harbour", "Hare", "Harrier", "Heron", "Hollow", "Ibis", "Kestrel", "Kite",
        "Lark", "Lynx", "Marten", "Mesa", "Otter", "Owl", "Petrel", "Plover", "Prairie", "Quail", "Raven", "Reef",
        "Ridge", "Robin", "Sparrow", "Spruce", "Swift", "Tern", "Thrush", "Valley", "Vale", "Warbler", "Wren", "Zephyr",
    ];

    /// <summary>How many two-word pseudonyms there are before numbered ones.</summary>
    public static int Capacity => Adjectives.Length * Nouns.Length;

    /// <summary>A pseudonym for a case that no other case has.</summary>
    /// <param name="id">The case.</param>
    /// <param name="isTaken">Whether a pseudonym is already used (compared as the caller decides, usually ignoring case).</param>
    public static string For(CaseId id, Func<string, bool> isTaken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id.Value, nameof(id));
        ArgumentNullException.ThrowIfNull(isTaken);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes("dlens.pseudonym\0" + id.Value));
        var start = (int)(BitConverter.ToUInt32(hash, 0) % (uint)Capacity);
        for (var round = 1; ; round++)
        {
            for (var probe = 0; probe < Capacity; probe++)
            {
                var index = (start + probe) % Capacity;
                var name = $"{Adjectives[index / Nouns.Length]} {Nouns[index % Nouns.Length]}";
                var candidate = round == 1 ? name : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{name} {round}");
                if (!isTaken(candidate))
                {
                    return candidate;
                }
            }
        }
    }
}

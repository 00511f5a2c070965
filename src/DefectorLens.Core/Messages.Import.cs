using System.Globalization;

namespace DefectorLens.Core;

/// <summary>Messages about reading codebook files and importing cases and sources.</summary>
/// <remarks>
/// These are the reasons of <see cref="InputError"/>s, which add the file and line. Identity values never appear:
/// a wrong identity field is named, its value is not.
/// </remarks>
public static partial class Messages
{
    /// <summary>The reason given for a file that does not exist.</summary>
    public const string NoSuchFile = "file not found";

    /// <summary>A file exists but the system would not read it.</summary>
    public static string FileUnreadable(string reason) => $"cannot be read: {reason}";

    /// <summary>A file's extension is not one that can be read here.</summary>
    public static string UnsupportedFileType(string extension, IEnumerable<string> expected) =>
        $"unsupported file type '{extension}' (expected {string.Join(", ", expected)})";

    /// <summary>A text file holds bytes that are not text.</summary>
    public static string BinaryContent(long offset) =>
        $"binary or non-UTF-8 content at byte {N(offset)} (expected UTF-8 text)";

    /// <summary>A text file or document body holds nothing but white space.</summary>
    public const string NoText = "no text";

    /// <summary>Stands in for the errors left out after the first hundred.</summary>
    public static string MoreErrors(int count) => count == 1 ? "… 1 more error" : $"… {N(count)} more errors";

    /// <summary>YAML that cannot be parsed.</summary>
    public static string NotValidYaml(string reason) => $"not valid YAML: {reason}";

    /// <summary>JSON that cannot be parsed.</summary>
    public static string NotValidJson(string reason) => $"not valid JSON: {reason}";

    /// <summary>JSON that cannot be parsed, with the 1-based column (in characters) where parsing stopped.</summary>
    public static string NotValidJson(string reason, long column) => $"not valid JSON: {reason} (column {N(column)})";

    /// <summary>A YAML file holds more than one document.</summary>
    public const string YamlSeveralDocuments = "expected one YAML document, found several (separated by '---')";

    /// <summary>YAML anchors and aliases are refused: they would let a small file expand into a huge one.</summary>
    public const string YamlAliasesUnsupported = "YAML anchors and aliases (&name, *name) are not supported";

    /// <summary>A mapping key that is a list or a mapping.</summary>
    public const string YamlKeyNotText = "a mapping key must be a plain word";

    /// <summary>A key appears twice in one mapping.</summary>
    public static string YamlKeyRepeated(string key) => $"key '{key}' appears more than once";

    /// <summary>The top of a codebook file is not a mapping.</summary>
    public const string CodebookNotMapping =
        "expected a codebook: a mapping with id, version, title, description and codes";

    /// <summary>A codebook has a key the format does not define.</summary>
    public static string CodebookKeyUnknown(string key) =>
        $"unknown key '{key}' (expected id, version, title, description, codes)";

    /// <summary>A code has a key the format does not define.</summary>
    public static string CodeKeyUnknown(string key) =>
        $"unknown key '{key}' in a code (expected id, name, colour, definition, include, exclude, examples, lexicon)";

    /// <summary>The codes of a codebook are not a list.</summary>
    public const string CodesNotList = "'codes' must be a list of codes";

    /// <summary>An entry of a codebook's codes is not a mapping.</summary>
    public const string CodeNotMapping = "a code must be a mapping of its fields (id, name, definition, ...)";

    /// <summary>A code has no id.</summary>
    public const string CodeIdAbsent = "a code has no 'id'";

    /// <summary>A key whose value must be text holds a list or a mapping.</summary>
    public static string KeyNotText(string key) => $"'{key}' must be a text value";

    /// <summary>A key whose value must be a list of text holds something else.</summary>
    public static string KeyNotTextList(string key) => $"'{key}' must be a list of text values";

    /// <summary>A code's lexicon is not a mapping of languages to phrases.</summary>
    public const string LexiconNotMapping = "'lexicon' must map language codes to lists of phrases (e.g. en: [\"execut*\"])";

    /// <summary>A colour is not written as <c>#rrggbb</c>.</summary>
    public static string ColourMalformed(string value) => $"colour '{value}' is not a colour (expected #rrggbb)";

    /// <summary>A language is not a two-letter ISO 639-1 code.</summary>
    public static string LanguageMalformed(string value) =>
        $"language '{value}' is not an ISO 639-1 code (expected two letters such as en, ar, fr, de)";

    /// <summary>A date is not <c>yyyy</c>, <c>yyyy-MM</c> or <c>yyyy-MM-dd</c>.</summary>
    public static string DateMalformed(string value) =>
        $"date '{value}' is not a date (expected yyyy, yyyy-MM or yyyy-MM-dd)";

    /// <summary>A word is not one of a field's accepted words.</summary>
    public static string WordUnknown(string field, string value, IEnumerable<string> accepted) =>
        $"{field} '{value}' is not known (expected one of: {string.Join(", ", accepted)})";

    /// <summary>A case or source id has characters an id may not have.</summary>
    public static string IdMalformed(string kind, string id) =>
        $"{kind} id '{id}' is not valid (expected 1 to 100 letters, digits, '-', '_' or '.')";

    /// <summary>A JSON Lines line is not an object naming a case or a source.</summary>
    public const string JsonLineNotCaseOrSource = "expected a JSON object with a \"case\", a \"source\" or a \"memo\" field";

    /// <summary>A JSON Lines line names both a case and a source.</summary>
    public const string JsonLineBothCaseAndSource =
        "a line describes a case or a source, not both (it has both \"case\" and \"source\")";

    /// <summary>A required field is absent or null.</summary>
    public static string FieldAbsent(string noun, string name) => $"missing required {noun} '{name}'";

    /// <summary>A field that must be a string holds something else.</summary>
    public static string FieldNotString(string noun, string name) => $"{noun} '{name}' must be a string";

    /// <summary>A required string field is blank.</summary>
    public static string FieldBlank(string noun, string name) => $"{noun} '{name}' must not be empty";

    /// <summary>A field that must be an object holds something else.</summary>
    public static string FieldNotObject(string noun, string name) => $"{noun} '{name}' must be an object";

    /// <summary>A field that must be an array holds something else.</summary>
    public static string FieldNotArray(string noun, string name) => $"{noun} '{name}' must be an array";

    /// <summary>A field that must be an array of strings holds something else.</summary>
    public static string FieldNotStringArray(string noun, string name) => $"{noun} '{name}' must be an array of strings";

    /// <summary>A field that must be a whole number holds something else.</summary>
    public static string FieldNotWholeNumber(string noun, string name) => $"{noun} '{name}' must be a whole number";

    /// <summary>A field that must be a number holds something else.</summary>
    public static string FieldNotNumber(string noun, string name) => $"{noun} '{name}' must be a number";

    /// <summary>A field that must be a string, number or boolean holds an object, an array or null.</summary>
    public static string FieldNotSimpleValue(string noun, string name) => $"{noun} '{name}' must be a string, number or boolean";

    /// <summary>A field the format does not define.</summary>
    public static string FieldUnknown(string noun, string name, IEnumerable<string> expected) =>
        $"unknown {noun} '{name}' (expected {string.Join(", ", expected)})";

    /// <summary>A field appears twice in one object.</summary>
    public static string FieldRepeated(string noun, string name) => $"{noun} '{name}' appears more than once";

    /// <summary>An age that cannot be one.</summary>
    public static string AgeOutOfRange(long age) => $"age_at_joining {N(age)} is not an age (expected 0 to 120)";

    /// <summary>A case id in a file is already in the project.</summary>
    public static string CaseAlreadyInProject(string id) => $"case '{id}' already exists in the project";

    /// <summary>A case id appears on two lines of one file.</summary>
    public static string CaseDefinedTwice(string id, int firstLine) => $"case '{id}' is defined twice (first on line {N(firstLine)})";

    /// <summary>A source id in a file is already in the project.</summary>
    public static string SourceAlreadyInProject(string id) => $"source '{id}' already exists in the project";

    /// <summary>A source id appears on two lines of one file.</summary>
    public static string SourceDefinedTwice(string id, int firstLine) =>
        $"source '{id}' is defined twice (first on line {N(firstLine)})";

    /// <summary>A source of a JSON Lines file names a case that is neither stored nor in the file.</summary>
    public static string CaseNotInProjectOrFile(string id) => $"case '{id}' is neither in the project nor in this file";

    /// <summary>A document names a case that is not stored.</summary>
    public static string CaseNotInProjectYet(string id) => $"case '{id}' is not in the project (import its case first)";

    /// <summary>Puts a problem of one segment in its place.</summary>
    public static string InSegment(int segment, string reason) => $"segment {N(segment)}: {reason}";

    /// <summary>Puts a problem of one coding of a segment in its place.</summary>
    public static string InCoding(int segment, int coding, string reason) => $"segment {N(segment)}, coding {N(coding)}: {reason}";

    /// <summary>An entry of a source's segments is not an object.</summary>
    public const string SegmentNotObject = "a segment must be an object with start, end, speaker and codings";

    /// <summary>An entry of a segment's codings is not an object.</summary>
    public const string CodingNotObject = "a coding must be an object with code and coder";

    /// <summary>A segment's span does not lie within its source's text.</summary>
    public static string SpanOutsideText(long start, long end, int length) =>
        $"span [{N(start)}, {N(end)}) is outside the text (0 to {N(length)})";

    /// <summary>A segment's span is empty or reversed.</summary>
    public static string SpanEmpty(long start, long end) => $"span [{N(start)}, {N(end)}) is empty (expected start < end)";

    /// <summary>A segment's speaker is not one of the cases its source is about.</summary>
    public static string SpeakerNotACaseOfSource(string id) => $"speaker '{id}' is not one of the source's cases";

    /// <summary>A coding applies a category rather than one of its codes.</summary>
    public static string CodeIsCategory(string id) => $"code '{id}' is a category (apply one of its sub-codes)";

    /// <summary>A confidence outside 0 to 1.</summary>
    public static string ConfidenceOutOfRange(double value) =>
        $"confidence {value.ToString("R", CultureInfo.InvariantCulture)} is outside 0 to 1";

    /// <summary>A front matter block that is never closed.</summary>
    public const string FrontMatterNotClosed = "front matter has no closing '---' line";

    /// <summary>Front matter that is not a mapping.</summary>
    public const string FrontMatterNotMapping =
        "front matter must be a mapping (source, title, outlet, author, url, published, language, medium, cases)";

    /// <summary>A front matter key the format does not define.</summary>
    public static string FrontMatterKeyUnknown(string key) =>
        $"unknown front matter key '{key}' (expected source, title, outlet, author, url, published, language, medium, cases)";

    /// <summary>No source id can be made from a file's name.</summary>
    public static string NoIdFromFileName(string fileName) =>
        $"cannot make a source id from the file name '{fileName}' (rename it using letters, digits, '-', '_' or '.')";
}

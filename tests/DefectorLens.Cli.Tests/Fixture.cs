namespace DefectorLens.Cli.Tests;

/// <summary>A small project's input: three cases, three sources coded by two analysts.</summary>
public static class Fixture
{
    /// <summary>A name planted in an identity field: it must never come out of dlens.</summary>
    public const string PlantedName = "Zoltan Quibblewick";

    /// <summary>An alias planted in an identity field.</summary>
    public const string PlantedAlias = "Abu Quibble al-Marsawi";

    public const string Cases =
        """
        {"case": "c1", "pseudonym": "Abu Tariq", "attributes": {"gender": "male", "nationality": "Syrian", "role": "fighter", "joined": "2013-06", "defected": "2014-11-03", "legal_status": "at_large", "consent": "public_anonymous"}, "identity": {"name": "Zoltan Quibblewick", "aliases": ["Abu Quibble al-Marsawi"], "contact": "zq@example.org"}}
        {"case": "c2", "pseudonym": "Umm Safiya", "attributes": {"gender": "female", "nationality": "French", "joined": "2014", "defected": "2015-02", "legal_status": "prosecuted", "consent": "research_only"}}
        {"case": "c3", "pseudonym": "Karim B.", "attributes": {"gender": "male", "nationality": "Belgian", "role": "medic", "defected": "2015", "legal_status": "detained", "consent": "none"}}
        """;

    private const string Text1 = "Interviewer: Why did you leave?\nAbu Tariq: They executed a boy in the square. Nobody fought the Assad regime.";
    private const string Text2 = "Umm Safiya said the emirs had cars and houses while the fighters went hungry.";
    private const string Text3 = "Karim B. told the court he had come to defend the Syrian people from barrel bombs.";

    public static string Sources =>
        string.Join('\n',
            Source("s1", "Leaving the caliphate", "Levant Observer", "en", "interview", "c1", Text1,
                Segment(Text1, "They executed a boy in the square.", "c1", ("leave.brutality", "analyst-a"), ("leave.brutality", "analyst-b")),
                Segment(Text1, "Nobody fought the Assad regime.", "c1", ("leave.infighting", "analyst-a"))),
            Source("s2", "Emirs and cars", "Northern Courier", "en", "news", "c2", Text2,
                Segment(Text2, "the emirs had cars and houses", null, ("leave.corruption", "analyst-a"))),
            Source("s3", "Court record", "Brussels court", "en", "court_record", "c3", Text3,
                Segment(Text3, "defend the Syrian people from barrel bombs", null, ("join.syria-conflict", "analyst-b"))));

    private static string Source(string id, string title, string outlet, string language, string medium, string caseId, string text, params string[] segments) =>
        $$"""{"source": "{{id}}", "title": "{{title}}", "outlet": "{{outlet}}", "published": "2015-03-02", "language": "{{language}}", "medium": "{{medium}}", "cases": ["{{caseId}}"], "text": {{System.Text.Json.JsonSerializer.Serialize(text)}}, "segments": [{{string.Join(", ", segments)}}]}""";

    private static string Segment(string text, string span, string? speaker, params (string Code, string Coder)[] codings)
    {
        var start = text.IndexOf(span, StringComparison.Ordinal);
        var speakerJson = speaker is null ? "null" : $"\"{speaker}\"";
        var codingJson = string.Join(", ", codings.Select(c => $$"""{"code": "{{c.Code}}", "coder": "{{c.Coder}}"}"""));
        return $$"""{"start": {{start}}, "end": {{start + span.Length}}, "speaker": {{speakerJson}}, "codings": [{{codingJson}}]}""";
    }
}

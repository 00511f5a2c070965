using DefectorLens.Core.Model;
using DefectorLens.Interop.Reports;
using DefectorLens.Statistics;

namespace DefectorLens.Interop.Tests.Reports;

/// <summary>Report models shared by the HTML and Markdown tests.</summary>
internal static class ReportFixtures
{
    public static readonly DateTimeOffset GeneratedAt = new(2025, 6, 1, 11, 30, 0, TimeSpan.FromHours(2));

    /// <summary>Three codes from three categories over 29 cases, two coders, three quotes.</summary>
    /// <remarks>
    /// Expected figures, Wilson score interval at 95% (z = 1.959964), worked by hand:
    /// 12/29 = 41.4% [25.5%, 59.3%]; 17/29 = 58.6% [40.7%, 74.5%]; 5/29 = 17.2% [7.6%, 34.5%].
    /// </remarks>
    public static ReportModel Realistic() => new()
    {
        ProjectName = "Syria defectors 2014–2015",
        GeneratedAt = GeneratedAt,
        CodebookId = "icsr-2015",
        CodebookVersion = "1.0",
        Cases = 29,
        Sources = 41,
        Coders = [Coder.Person("analyst-a"), new Coder("lexicon", CoderKind.Rules, "2")],
        Codes =
        [
            new(new CodeId("join.syria-conflict"), "Syrian conflict", "Joined in response to the war in Syria.", "#1f77b4"),
            new(new CodeId("leave.brutality"), "Brutality against Sunnis", "Executions and torture of Sunni Muslims.", "#d62728"),
            new(new CodeId("risk.reprisal"), "Reprisals", "Fear of being hunted after leaving.", null),
        ],
        Prevalence =
        [
            Row("join.syria-conflict", "Syrian conflict", 12, 29),
            Row("leave.brutality", "Brutality against Sunnis", 17, 29),
            Row("risk.reprisal", "Reprisals", 5, 29),
        ],
        Quotes =
        [
            new(new CodeId("join.syria-conflict"), "Abu Omar", "Why I went to Syria", "The Guardian", PartialDate.Of(2015, 3), "I went to defend the people of Syria."),
            new(new CodeId("leave.brutality"), "Karim", "Defectors speak", "BBC", PartialDate.Of(2015, 9, 21), "They killed Muslims.\n\nI could not stay."),
            new(new CodeId("leave.brutality"), "Yusuf", "Court record 14/2015", null, null, "The executions were the end for me."),
        ],
    };

    /// <summary>A model with nothing in it.</summary>
    public static ReportModel Empty() => new()
    {
        ProjectName = "Empty project",
        GeneratedAt = GeneratedAt,
        CodebookId = "icsr-2015",
        CodebookVersion = "1.0",
    };

    public static PrevalenceRow Row(string code, string name, int cases, int of) =>
        new(new CodeId(code), name, cases, of == 0 ? 0 : (double)cases / of, Proportions.Wilson(cases, of));

    public static string Html(ReportModel model)
    {
        using var writer = new StringWriter();
        HtmlReport.Write(model, writer);
        return writer.ToString();
    }

    public static string Markdown(ReportModel model)
    {
        using var writer = new StringWriter();
        MarkdownReport.Write(model, writer);
        return writer.ToString();
    }
}

using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;
using DefectorLens.Services;
using DefectorLens.Statistics;

namespace DefectorLens.Cli.Commands.Stats;

/// <summary>A coefficient: its value, or null and the reason it is undefined.</summary>
internal sealed record CoefficientJson(double? Value, string? Undefined)
{
    public static CoefficientJson Of(Coefficient c) => new(c.Value, c.Undefined);
}

/// <summary>Prevalence within one group of <c>dlens stats prevalence --by</c>.</summary>
internal sealed record PrevalenceGroupJson(string Value, int Cases, IReadOnlyList<PrevalenceRowJson> Prevalence);

/// <summary><c>dlens stats prevalence --by ATTRIBUTE --json</c>.</summary>
internal sealed record PrevalenceByJson(string Attribute, int Cases, string? Coder, bool OwnWordsOnly, IReadOnlyList<PrevalenceGroupJson> Groups);

/// <summary>One cell of the reflection table.</summary>
internal sealed record ReflectionCellJson(string Join, string Leave, int Cases, double? RowShare, double? Lift);

/// <summary>A chi-square test.</summary>
internal sealed record ChiSquareJson(double? Statistic, int Df, double? P, bool SmallExpected, string? Undefined);

/// <summary>Fisher's exact test.</summary>
internal sealed record FisherJson(double? P, long Tables, string? Undefined);

/// <summary><c>dlens stats reflection --json</c>.</summary>
internal sealed record ReflectionJson(
    int Cases, IReadOnlyList<string> Join, IReadOnlyList<string> Leave, IReadOnlyList<int> JoinCases, IReadOnlyList<double> LeaveShares,
    IReadOnlyList<ReflectionCellJson> Cells, ChiSquareJson ChiSquare, FisherJson? Fisher, CoefficientJson CramersV, string Caveat);

/// <summary>Defections in one period.</summary>
internal sealed record PeriodJson(string Period, int Cases);

/// <summary>The share of one period.</summary>
internal sealed record PeriodShareJson(string Period, int Cases, int Dated, int Undetermined, double Share, double[] Ci95);

/// <summary><c>dlens stats timeline --json</c>.</summary>
internal sealed record TimelineJson(int Cases, int Undated, int YearOnly, IReadOnlyList<PeriodJson> Years, IReadOnlyList<PeriodJson> Quarters, IReadOnlyList<PeriodJson> Months, PeriodShareJson? Share);

/// <summary>One code within one legal status.</summary>
internal sealed record RiskCellJson(string Code, string Status, int StatusCases, int Cases, double Share, double[] Ci95);

/// <summary><c>dlens stats risks --json</c>.</summary>
internal sealed record RisksJson(int Cases, IReadOnlyList<PrevalenceRowJson> Overall, IReadOnlyList<RiskCellJson> ByLegalStatus);

/// <summary>One case's credibility; each flag is printed as its text.</summary>
internal sealed record CaseCredibilityJson(
    string Case, string Pseudonym, int Sources, int Documents, int IndependentSources, int CodedDocuments, double? Agreement,
    [property: JsonConverter(typeof(FlagTextsConverter))] IReadOnlyList<Contradiction> Flags);

/// <summary>Writes contradiction flags as an array of their texts, made in one buffer per case rather than as a string each.</summary>
internal sealed class FlagTextsConverter : JsonConverter<IReadOnlyList<Contradiction>>
{
    public override IReadOnlyList<Contradiction> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("contradiction flags are only written");

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<Contradiction> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        var buffer = ArrayPool<char>.Shared.Rent(value.Count == 0 ? 0 : value.Max(flag => flag.Length));
        foreach (var flag in value)
        {
            flag.TryFormat(buffer, out var written, default, null);
            writer.WriteStringValue(buffer.AsSpan(0, written));
        }

        ArrayPool<char>.Shared.Return(buffer);
        writer.WriteEndArray();
    }
}

/// <summary><c>dlens stats credibility --json</c>.</summary>
internal sealed record CredibilityJson(int Cases, int Corroborated, double CorroboratedShare, double[] Ci95, double? MeanAgreement, int Flagged, IReadOnlyDictionary<string, int> BySourceCount, IReadOnlyList<CaseCredibilityJson> PerCase);

/// <summary>A population estimate.</summary>
internal sealed record EstimateJson(string Method, double? N, double? StandardError, double[]? Ci95, string Interval, string? Undefined);

/// <summary>A log-linear model.</summary>
internal sealed record ModelJson(string Name, int Parameters, double Deviance, int Df, double Aic, EstimateJson Estimate);

/// <summary>A list of outlets.</summary>
internal sealed record ListJson(string Name, IReadOnlyList<string> Outlets, int Cases);

/// <summary>An assumption and its check.</summary>
internal sealed record AssumptionJson(string Name, string Check);

/// <summary><c>dlens stats unseen --json</c>.</summary>
internal sealed record UnseenJson(
    IReadOnlyList<ListJson> Lists, int Observed, int OnRecord, IReadOnlyDictionary<string, int> Histories, EstimateJson? LincolnPetersen, EstimateJson? Chapman,
    IReadOnlyList<ModelJson> Models, string? Selected, string? Undefined, IReadOnlyList<AssumptionJson> Assumptions);

/// <summary>Cohen's kappa for a pair.</summary>
internal sealed record PairJson(string First, string Second, int Units, CoefficientJson Agreement, CoefficientJson Kappa);

/// <summary>Agreement on one code.</summary>
internal sealed record CodeReliabilityJson(string? Code, string Name, int Units, CoefficientJson PercentAgreement, CoefficientJson KrippendorffAlpha, CoefficientJson FleissKappa, IReadOnlyList<PairJson> CohenKappa);

/// <summary><c>dlens stats reliability --json</c>.</summary>
internal sealed record ReliabilityJson(string Level, IReadOnlyList<string> Coders, int Units, string? Undefined, CodeReliabilityJson? Overall, IReadOnlyList<CodeReliabilityJson> PerCode);

/// <summary>A consented quote.</summary>
internal sealed record QuoteJson(string Code, string Pseudonym, string Source, string Title, string? Outlet, string? Published, string Text);

/// <summary>A leaving narrative answering a joining one.</summary>
internal sealed record AnswerJson(string Leave, string Name, int Cases, double Share, double[] Ci95, double? Lift, IReadOnlyList<QuoteJson> Quotes);

/// <summary><c>dlens stats counter --json</c>.</summary>
internal sealed record CounterJson(string Join, string Name, IReadOnlyList<string> Classified, int JoinCases, IReadOnlyList<AnswerJson> Answers);

/// <summary>Turns findings into their JSON shapes.</summary>
internal static class StatsJson
{
    public static PrevalenceRowJson Row(PrevalenceRow row) => new(row.Code.Value, row.Name, row.Cases, row.Share, [row.Ci95.Low, row.Ci95.High]);

    public static EstimateJson Estimate(PopulationEstimate e) =>
        new(e.Method, e.N, e.StandardError, e.Ci95 is { } ci ? [ci.Low, ci.High] : null, e.Interval, e.Undefined);

    public static QuoteJson Quote(Quote q) => new(q.Code.Value, q.Pseudonym, q.Source.Value, q.SourceTitle, q.Outlet, q.Published?.ToString(), q.Text);

    public static CodeReliabilityJson Reliability(CodeReliability r) => new(
        r.Code?.Value, r.Name, r.Units, CoefficientJson.Of(r.Alpha.PercentAgreement), CoefficientJson.Of(r.Alpha.Alpha), CoefficientJson.Of(r.Fleiss.Kappa),
        [.. r.Pairs.Select(p => new PairJson(p.First, p.Second, p.Kappa.Units, CoefficientJson.Of(p.Kappa.ObservedAgreement), CoefficientJson.Of(p.Kappa.Kappa)))]);
}

/// <summary>What <c>dlens export --format csv|xlsx --json</c> wrote.</summary>
internal sealed record ExportJson(string Format, IReadOnlyList<string> Files);

/// <summary>Where <c>dlens report --pdf --json</c> wrote.</summary>
internal sealed record ReportPdfJson(string Html, string Markdown, string Pdf);

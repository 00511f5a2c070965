using System.Collections.Immutable;
using DefectorLens.Core.Model;

namespace DefectorLens.Coding.Model;

/// <summary>A text with the codes a person gave it: what the model coder learns from and is evaluated on.</summary>
/// <param name="Id">Identifies the text in messages and reports (a gold file's <c>id</c>, a segment id).</param>
/// <param name="Language">ISO 639-1 code of its language, or null when unknown.</param>
/// <param name="Text">The words.</param>
/// <param name="Labels">The codes it carries; empty for a text that carries none.</param>
public sealed record LabelledText(string Id, string? Language, string Text, ImmutableArray<CodeId> Labels);

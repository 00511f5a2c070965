using DefectorLens.Core.Codebooks;

namespace DefectorLens.Interop.Tests.Codebooks;

/// <summary>Compares codebooks field by field: records compare their ImmutableArrays by reference, not content.</summary>
internal static class CodebookAssert
{
    public static void Equal(Codebook expected, Codebook actual)
    {
        actual.Id.ShouldBe(expected.Id);
        actual.Version.ShouldBe(expected.Version);
        actual.Title.ShouldBe(expected.Title);
        actual.Description.ShouldBe(expected.Description);
        actual.Codes.Select(code => code.Id).ShouldBe(expected.Codes.Select(code => code.Id));
        foreach (var (want, got) in expected.Codes.Zip(actual.Codes))
        {
            var id = want.Id.Value;
            got.Name.ShouldBe(want.Name, id);
            got.Definition.ShouldBe(want.Definition, id);
            got.Colour.ShouldBe(want.Colour, id);
            got.Include.ShouldBe(want.Include, id);
            got.Exclude.ShouldBe(want.Exclude, id);
            got.Examples.ShouldBe(want.Examples, id);
            got.Lexicon.ShouldBe(want.Lexicon, id);
        }
    }
}

using DefectorLens.Coding.Text;

namespace DefectorLens.Coding.Tests;

public sealed class TextFoldingTests
{
    [Theory]
    [InlineData("Exécutions", "executions")]
    [InlineData("HINRICHTUNGEN", "hinrichtungen")]
    [InlineData("Ça m'a dégoûté", "ca m'a degoute")]
    [InlineData("الإعدامات", "الاعدامات")]
    [InlineData("أمير", "امير")]
    [InlineData("آلاف", "الاف")]
    [InlineData("مستشفى", "مستشفي")]
    [InlineData("الدولة", "الدوله")]
    [InlineData("الخـــلافة", "الخلافه")]
    [InlineData("الجِهَادُ", "الجهاد")]
    public void Folding_removes_case_diacritics_arabic_letter_variants_and_tatweel(string text, string folded)
    {
        TextFolding.FoldPhrase(text).ShouldBe(folded);
    }
}

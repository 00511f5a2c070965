using DefectorLens.Interop.Codebooks;

namespace DefectorLens.Services.Tests;

public sealed class DefaultModelTests
{
    [Fact]
    public void The_shipped_model_names_the_version_dlens_announces_and_the_shipped_codebook()
    {
        var manifest = DefaultModel.Model.Manifest;

        manifest.Version.ShouldBe(DefaultModel.Version);
        manifest.Codebook.ShouldBe($"{CodebookFile.Default.Id}@{CodebookFile.Default.Version}");
        manifest.Codes.Select(code => code.Code).ShouldBe(CodebookFile.Default.Leaves.Select(code => code.Id));
    }

    [Fact]
    public void The_shipped_model_was_trained_with_the_codebook_rules_so_every_code_has_a_combined_threshold()
    {
        DefaultModel.Model.Manifest.Codes.ShouldAllBe(code => code.CombinedThreshold != null);
    }
}

using System.Text;
using DefectorLens.Interop.Import;

namespace DefectorLens.Interop.Tests.Import;

public sealed class TextHandlingTests : IDisposable
{
    private static readonly Encoding Windows1252 = CodePagesEncodingProvider.Instance.GetEncoding(1252)!;
    private static readonly Encoding Windows1256 = CodePagesEncodingProvider.Instance.GetEncoding(1256)!;

    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string ImportText(string name, byte[] bytes) =>
        Importers.Read(_directory.WriteBytes(name, bytes), TestCodebooks.Context, CancellationToken.None).Batch.Sources.Single().Source.Text;

    [Fact]
    public void A_legacy_western_file_is_read_as_windows_1252()
    {
        const string text = "Il a quitté l'État islamique à l'été 2015 : « c'était l'enfer », déclare-t-il. Größe.";

        ImportText("fr.txt", Windows1252.GetBytes(text)).ShouldBe(text);
    }

    [Fact]
    public void A_legacy_arabic_file_is_read_as_windows_1256_and_detected_as_arabic()
    {
        const string text = "قال إنه غادر التنظيم بعد أن رأى الإعدامات في الرقة";
        var path = _directory.WriteBytes("ar.txt", Windows1256.GetBytes(text));

        var source = Importers.Read(path, TestCodebooks.Context, CancellationToken.None).Batch.Sources.Single().Source;

        source.Text.ShouldBe(text);
        source.Metadata.Language.ShouldBe("ar");
    }

    [Theory]
    [InlineData("Café crème, über alles", "Windows1252")]
    [InlineData("مرحبا بكم في الرقة", "Windows1256")]
    [InlineData("plain ascii", "Windows1252")]
    public void The_code_page_is_guessed_from_how_high_bytes_cluster(string text, string expected)
    {
        var bytes = expected == "Windows1256" ? Windows1256.GetBytes(text) : Windows1252.GetBytes(text);

        TextDecoding.GuessCodePage(bytes).ToString().ShouldBe(expected);
    }

    [Fact]
    public void Utf8_with_a_byte_order_mark_is_read_without_it()
    {
        ImportText("bom.txt", [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes("Témoignage")]).ShouldBe("Témoignage");
    }

    [Fact]
    public void Decomposed_accents_are_stored_composed_and_segment_offsets_count_the_composed_text()
    {
        ImportText("nfd.txt", Encoding.UTF8.GetBytes("Re\u0301fugie\u0301")).ShouldBe("Réfugié");
    }

    [Theory]
    [InlineData("The fighters said that they were paid a salary and that the commanders took the best houses for themselves.", "en")]
    [InlineData("Il a dit que les combattants étaient payés et que les chefs prenaient les plus belles maisons pour eux.", "fr")]
    [InlineData("Er sagte, dass die Kämpfer bezahlt wurden und die Kommandeure sich die besten Häuser nahmen, und das war nicht gut.", "de")]
    [InlineData("قال إن المقاتلين كانوا يتقاضون رواتب وإن القادة أخذوا أفضل البيوت لأنفسهم", "ar")]
    [InlineData("The fighters said that they were paid, and that the commanders (القادة) took the best houses for themselves.", "en")]
    public void The_language_is_detected_when_not_given(string text, string expected)
    {
        Languages.Detect(text).ShouldBe(expected);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Raqqa 2015")]
    [InlineData("12 34 56")]
    public void Too_little_text_has_no_language(string text)
    {
        Languages.Detect(text).ShouldBeNull();
    }
}

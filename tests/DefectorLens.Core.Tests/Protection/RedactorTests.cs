using DefectorLens.Core.Model;
using DefectorLens.Core.Protection;

namespace DefectorLens.Core.Tests.Protection;

public sealed class RedactorTests
{
    private static readonly CaseIdentity Hamza = CaseIdentity.For(new CaseId("c001")) with
    {
        RealName = "Hamza Ouerghemmi",
        Aliases = ["Abu Ayman al-Tunsi", "Hamzo", "أبو أيمن التونسي"],
        Contact = "via fixer in Gaziantep",
        ExactLocation = "rented flat, Şahinbey district",
    };

    private static readonly CaseIdentity Mohammed = CaseIdentity.For(new CaseId("c002")) with
    {
        RealName = "Mohammed Kassab",
        Aliases = ["Abu Omar al-Halabi"],
    };

    private static Redactor Redactor() =>
        Core.Protection.Redactor.For([.. RedactionSubject.From(Hamza, "Amber Heron"), .. RedactionSubject.From(Mohammed, "[name]")]);

    [Theory]
    [InlineData("Hamza Ouerghemmi left Raqqa in March.", "Amber Heron left Raqqa in March.")]
    [InlineData("HAMZA OUERGHEMMI left.", "Amber Heron left.")]
    [InlineData("Hamza Ouerghemi left.", "Amber Heron left.")]
    [InlineData("Ouerghemmi told us he was afraid.", "Amber Heron told us he was afraid.")]
    [InlineData("Known as Abou Ayman el-Tounsi among the fighters.", "Known as Amber Heron among the fighters.")]
    [InlineData("Known as Abū Aymān at-Tūnsī.", "Known as Amber Heron.")]
    [InlineData("Known as Abu Ayman Tunsi.", "Known as Amber Heron.")]
    [InlineData("His friends called him Hamzo.", "His friends called him Amber Heron.")]
    [InlineData("Muhammad Qassab fought beside him.", "[name] fought beside him.")]
    [InlineData("Mohamed Kassab fought beside him.", "[name] fought beside him.")]
    [InlineData("Abu Omar el Halabi was there.", "[name] was there.")]
    [InlineData("The Hamza brigade is not a person.", "The Hamza brigade is not a person.")]
    public void Names_and_aliases_are_replaced_in_English_with_their_spelling_variants(string text, string expected) =>
        Redactor().Redact(text).ShouldBe(expected);

    [Theory]
    [InlineData("قال أبو أيمن التونسي إنه غادر الرقة.", "قال Amber Heron إنه غادر الرقة.")]
    [InlineData("قال ابو ايمن التونسي إنه غادر.", "قال Amber Heron إنه غادر.")]
    [InlineData("قال أبو أيمَن التونسيّ إنه غادر.", "قال Amber Heron إنه غادر.")]
    public void Names_written_in_Arabic_are_replaced_with_or_without_hamza_and_vowel_marks(string text, string expected) =>
        Redactor().Redact(text).ShouldBe(expected);

    [Theory]
    [InlineData("Selon Hamza Ouerghemmi, l'émir mentait.", "Selon Amber Heron, l'émir mentait.")]
    [InlineData("Le témoignage d'Abou Ayman el-Tounsi est clair.", "Le témoignage d'Amber Heron est clair.")]
    [InlineData("Il habite 12 rue de la Paix à Lyon.", "Il habite [location] à Lyon.")]
    [InlineData("Écrivez à hamza.o@exemple.fr ou au 06 12 34 56 78.", "Écrivez à [e-mail] ou au [phone].")]
    public void French_text_loses_names_addresses_e_mails_and_phones(string text, string expected) =>
        Redactor().Redact(text).ShouldBe(expected);

    [Theory]
    [InlineData("Laut Mohammed Kassab war die Lage unerträglich.", "Laut [name] war die Lage unerträglich.")]
    [InlineData("Er wohnt in der Berliner Straße 12 in Bonn.", "Er wohnt in der [location] in Bonn.")]
    [InlineData("Er wohnt in der Hauptstraße 7a.", "Er wohnt in der [location].")]
    [InlineData("Erreichbar unter +49 30 1234567.", "Erreichbar unter [phone].")]
    public void German_text_loses_names_addresses_and_phones(string text, string expected) =>
        Redactor().Redact(text).ShouldBe(expected);

    [Theory]
    [InlineData("Write to abu.ayman88@gmail.com today.", "Write to [e-mail] today.")]
    [InlineData("Call +90 (342) 555 01 23 after dark.", "Call [phone] after dark.")]
    [InlineData("Call 00963 944 123 456.", "Call [phone].")]
    [InlineData("See https://www.facebook.com/abu.ayman.88 and t.me/hz_ouer_88 for posts.", "See [account] and [account] for posts.")]
    [InlineData("His handle was @hz_ouer_88 on Telegram.", "His handle was [account] on Telegram.")]
    [InlineData("The safe house was at 36.2021, 37.1343 near the market.", "The safe house was at [location] near the market.")]
    [InlineData("Checkpoint at 36°12'07\"N 37°08'03\"E was closed.", "Checkpoint at [location] was closed.")]
    [InlineData("He lived at 221B Baker Street with his cousin.", "He lived at [location] with his cousin.")]
    [InlineData("He stayed in a rented flat, Şahinbey district, for a week.", "He stayed in a [location], for a week.")]
    [InlineData("The fixer said: via fixer in Gaziantep.", "The fixer said: [contact].")]
    [InlineData("They met in شارع الثورة مساء الأحد.", "They met in [location] مساء الأحد.")]
    public void E_mails_phones_accounts_coordinates_addresses_and_known_places_become_markers(string text, string expected) =>
        Redactor().Redact(text).ShouldBe(expected);

    [Theory]
    [InlineData("He defected on 2015-03-14 after 14 months.")]
    [InlineData("Between 2013 and 2015, 58 people spoke out.")]
    [InlineData("The ICSR report (King's College London, 2015) counts 58 stories.")]
    [InlineData("https://icsr.info/wp-content/uploads/2015/09/report.pdf")]
    public void Dates_figures_and_ordinary_links_are_left_alone(string text) =>
        Redactor().Redact(text).ShouldBe(text);

    [Fact]
    public void A_redactor_without_subjects_still_applies_the_patterns() =>
        Core.Protection.Redactor.PatternsOnly.Redact("Mail me at x.y@z.org.").ShouldBe("Mail me at [e-mail].");
}

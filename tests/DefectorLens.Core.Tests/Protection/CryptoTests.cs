using System.Buffers.Binary;
using System.Text;
using DefectorLens.Core.Model;
using DefectorLens.Core.Protection;

namespace DefectorLens.Core.Tests.Protection;

public sealed class IdentityCipherTests
{
    private const string Altered = "failed its integrity check: the project file was altered or damaged, or the value was moved from another field or case (restore it from a backup)";
    private static readonly CaseId C1 = new("c1");
    private static readonly CaseId C2 = new("c2");

    private static CaseIdentity Identity(CaseId id) => CaseIdentity.For(id) with
    {
        RealName = "Zoltan Quibblewick",
        Aliases = ["Abu Quibble al-Marsawi", "أبو كويبل"],
        Contact = "+90 555 000 0000",
        Notes = "met through a secret intermediary",
    };

    [Fact]
    public void An_identity_round_trips_and_every_value_has_its_own_nonce()
    {
        using var cipher = new IdentityCipher(KeyRing.Generate());

        var first = cipher.Seal(Identity(C1));
        var second = cipher.Seal(Identity(C1));

        var opened = cipher.Open(C1, first);
        (opened.RealName, opened.Contact, opened.ExactLocation, opened.Notes).ShouldBe(("Zoltan Quibblewick", "+90 555 000 0000", null, "met through a secret intermediary"));
        opened.Aliases.ShouldBe(["Abu Quibble al-Marsawi", "أبو كويبل"]);
        var entries = Container.Read(first).Entries;
        entries.Select(entry => (entry.Field, entry.Index)).ShouldBe([(1, 0), (2, 0), (2, 1), (3, 0), (5, 0)]);
        entries.Concat(Container.Read(second).Entries).Select(entry => Convert.ToHexString(entry.Nonce)).Distinct().Count().ShouldBe(10);
        Encoding.UTF8.GetString(first).ShouldNotContain("Quibblewick");
        IdentityCipher.KeyIdOf(first).ShouldBe(cipher.CurrentKeyId);
    }

    [Fact]
    public void An_identity_with_no_values_round_trips_empty()
    {
        using var cipher = new IdentityCipher(KeyRing.Generate());

        var opened = cipher.Open(C1, cipher.Seal(CaseIdentity.For(C1)));

        opened.IsEmpty.ShouldBeTrue();
        opened.CaseId.ShouldBe(C1);
    }

    [Fact]
    public void A_whole_identity_moved_to_another_case_fails_on_its_first_value_and_names_that_case()
    {
        using var cipher = new IdentityCipher(KeyRing.Generate());
        var blob = cipher.Seal(Identity(C1));

        var error = Should.Throw<UserErrorException>(() => cipher.Open(C2, blob));

        (error.Kind, error.Message).ShouldBe((UserErrorKind.Tampered, $"the real name of case 'c2' {Altered}"));
    }

    [Theory]
    [InlineData(0, "real name")]
    [InlineData(2, "alias 2")]
    [InlineData(3, "contact")]
    [InlineData(4, "identity notes")]
    public void A_flipped_byte_in_one_values_ciphertext_is_detected_and_names_the_case_and_that_field(int entry, string field)
    {
        using var cipher = new IdentityCipher(KeyRing.Generate());
        var container = Container.Read(cipher.Seal(Identity(C1)));
        container.Entries[entry].CipherText[0] ^= 0x01;

        var error = Should.Throw<UserErrorException>(() => cipher.Open(C1, container.Write()));

        (error.Kind, error.Message).ShouldBe((UserErrorKind.Tampered, $"the {field} of case 'c1' {Altered}"));
    }

    [Fact]
    public void Two_values_swapped_between_their_fields_fail_their_tags()
    {
        using var cipher = new IdentityCipher(KeyRing.Generate());
        var container = Container.Read(cipher.Seal(Identity(C1)));
        var (name, contact) = (container.Entries[0], container.Entries[3]);
        container.Entries[0] = name with { Nonce = contact.Nonce, Tag = contact.Tag, CipherText = contact.CipherText };
        container.Entries[3] = contact with { Nonce = name.Nonce, Tag = name.Tag, CipherText = name.CipherText };

        var error = Should.Throw<UserErrorException>(() => cipher.Open(C1, container.Write()));

        (error.Kind, error.Message).ShouldBe((UserErrorKind.Tampered, $"the real name of case 'c1' {Altered}"));
    }

    [Fact]
    public void Two_whole_entries_swapped_in_place_change_the_list_every_value_is_bound_to()
    {
        using var cipher = new IdentityCipher(KeyRing.Generate());
        var container = Container.Read(cipher.Seal(Identity(C1)));
        (container.Entries[0], container.Entries[3]) = (container.Entries[3], container.Entries[0]);

        var error = Should.Throw<UserErrorException>(() => cipher.Open(C1, container.Write()));

        (error.Kind, error.Message).ShouldBe((UserErrorKind.Tampered, $"the contact of case 'c1' {Altered}"));
    }

    [Fact]
    public void One_cases_value_copied_into_another_cases_identity_fails_and_names_the_case_it_was_copied_to()
    {
        using var cipher = new IdentityCipher(KeyRing.Generate());
        var source = Container.Read(cipher.Seal(Identity(C1)));
        var target = Container.Read(cipher.Seal(Identity(C2) with { RealName = "Someone Else" }));
        target.Entries[0] = source.Entries[0];

        var error = Should.Throw<UserErrorException>(() => cipher.Open(C2, target.Write()));

        (error.Kind, error.Message).ShouldBe((UserErrorKind.Tampered, $"the real name of case 'c2' {Altered}"));
        error.Message.ShouldNotContain("Quibblewick");
    }

    [Fact]
    public void A_value_removed_from_the_container_is_detected()
    {
        using var cipher = new IdentityCipher(KeyRing.Generate());
        var container = Container.Read(cipher.Seal(Identity(C1)));
        container.Entries.RemoveAt(2);

        var error = Should.Throw<UserErrorException>(() => cipher.Open(C1, container.Write()));

        (error.Kind, error.Message).ShouldBe((UserErrorKind.Tampered, $"the real name of case 'c1' {Altered}"));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(12)]
    [InlineData(30)]
    public void A_cut_container_is_detected_without_reading_past_its_end(int cut)
    {
        using var cipher = new IdentityCipher(KeyRing.Generate());
        var blob = cipher.Seal(Identity(C1));

        var error = Should.Throw<UserErrorException>(() => cipher.Open(C1, blob.AsSpan(0, blob.Length - cut)));

        (error.Kind, error.Message).ShouldBe((UserErrorKind.Tampered,
            "the identity of case 'c1' failed its integrity check: the project file was altered or damaged (restore it from a backup)"));
    }

    [Fact]
    public void A_changed_key_id_label_is_locked_or_tampered_and_never_shows_a_value()
    {
        using var cipher = new IdentityCipher(KeyRing.Generate());
        var blob = cipher.Seal(Identity(C1));
        blob[3] = blob[3] == (byte)'0' ? (byte)'1' : (byte)'0';

        var error = Should.Throw<UserErrorException>(() => cipher.Open(C1, blob));

        error.Kind.ShouldBe(UserErrorKind.Locked);
        error.Message.ShouldNotContain("Quibblewick");
    }

    [Fact]
    public void Another_projects_key_cannot_read_an_identity_and_says_which_key_is_needed()
    {
        using var right = new IdentityCipher(KeyRing.Generate());
        using var wrong = new IdentityCipher(KeyRing.Generate());
        var blob = right.Seal(Identity(C1));

        var error = Should.Throw<UserErrorException>(() => wrong.Open(C1, blob));

        (error.Kind, error.Message).ShouldBe((UserErrorKind.Locked,
            $"the identity of case 'c1' was encrypted with key {right.CurrentKeyId}, which the key file does not hold (it holds {wrong.CurrentKeyId}): wrong key file?"));
    }

    [Fact]
    public void After_a_rotation_identities_under_the_retired_key_still_decrypt_and_new_ones_use_the_new_key()
    {
        var ring = KeyRing.Generate();
        using var before = new IdentityCipher(ring);
        var old = before.Seal(Identity(C1));
        var rotated = ring.Rotate();
        using var after = new IdentityCipher(rotated);

        after.Open(C1, old).Contact.ShouldBe("+90 555 000 0000");
        IdentityCipher.KeyIdOf(after.Seal(Identity(C1))).ShouldBe(rotated.Current.Id);
        rotated.Retired.Single().Id.ShouldBe(ring.Current.Id);
        rotated.ToString().ShouldNotContain(Convert.ToBase64String(ring.Current.Material));
    }

    /// <summary>The container as the cipher's documentation lays it out, taken apart and put back together to tamper with it.</summary>
    private sealed record Container(byte[] Header, List<Container.Entry> Entries)
    {
        public static Container Read(byte[] blob)
        {
            var offset = 2 + blob[1];
            var count = BinaryPrimitives.ReadUInt16BigEndian(blob.AsSpan(offset));
            var header = blob[..offset];
            offset += 2;
            var entries = new List<Entry>();
            for (var i = 0; i < count; i++)
            {
                var length = BinaryPrimitives.ReadInt32BigEndian(blob.AsSpan(offset + 3));
                entries.Add(new Entry(
                    blob[offset], BinaryPrimitives.ReadUInt16BigEndian(blob.AsSpan(offset + 1)),
                    blob[(offset + 7)..(offset + 19)], blob[(offset + 19)..(offset + 35)], blob[(offset + 35)..(offset + 35 + length)]));
                offset += 35 + length;
            }

            offset.ShouldBe(blob.Length);
            return new Container(header, entries);
        }

        public byte[] Write()
        {
            var bytes = new List<byte>(Header);
            bytes.AddRange([(byte)(Entries.Count >> 8), (byte)Entries.Count]);
            foreach (var entry in Entries)
            {
                var length = new byte[4];
                BinaryPrimitives.WriteInt32BigEndian(length, entry.CipherText.Length);
                bytes.AddRange([entry.Field, (byte)(entry.Index >> 8), (byte)entry.Index, .. length, .. entry.Nonce, .. entry.Tag, .. entry.CipherText]);
            }

            return [.. bytes];
        }

        public sealed record Entry(byte Field, ushort Index, byte[] Nonce, byte[] Tag, byte[] CipherText);
    }
}

public sealed class ExportIdsAndPseudonymsTests
{
    [Fact]
    public void Export_ids_are_stable_for_one_key_ring_and_unlinkable_without_it()
    {
        var ring = KeyRing.Generate();
        var ids = new ExportIds(ring);

        var first = ids.CaseRef(new CaseId("c001"));

        first.ShouldMatch("^x-[0-9a-hjkmnp-tv-z]{16}$");
        new ExportIds(ring.Rotate()).CaseRef(new CaseId("c001")).ShouldBe(first);
        new ExportIds(KeyRing.Generate()).CaseRef(new CaseId("c001")).ShouldNotBe(first);
        ids.CaseRef(new CaseId("c002")).ShouldNotBe(first);
    }

    [Fact]
    public void A_pseudonym_is_two_readable_words_derived_from_the_case_id()
    {
        var name = Pseudonyms.For(new CaseId("c017"), _ => false);

        name.ShouldMatch("^[A-Z][a-z]+ [A-Z][a-z]+$");
        Pseudonyms.For(new CaseId("c017"), _ => false).ShouldBe(name);
    }

    [Fact]
    public void Pseudonyms_stay_unique_beyond_the_two_word_names()
    {
        var taken = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Pseudonyms.Capacity + 50; i++)
        {
            taken.Add(Pseudonyms.For(new CaseId($"c{i}"), taken.Contains)).ShouldBeTrue();
        }

        taken.Count.ShouldBe(Pseudonyms.Capacity + 50);
    }
}

public sealed class AuditChainTests
{
    private static List<StoredAuditEvent> Chain(int count)
    {
        var events = new List<StoredAuditEvent>();
        var previous = AuditChain.Genesis;
        for (var seq = 1; seq <= count; seq++)
        {
            var hash = AuditChain.Hash(seq, "2015-09-30T12:00:00Z", "analyst-a", "import", $"file {seq}", previous);
            events.Add(new StoredAuditEvent(seq, "2015-09-30T12:00:00Z", "analyst-a", "import", $"file {seq}", hash));
            previous = hash;
        }

        return events;
    }

    [Fact]
    public void An_untouched_chain_is_intact_and_reports_its_head()
    {
        var events = Chain(5);

        AuditChain.Verify(events, 5).ShouldBe(new AuditCheck(5, true, null, null, events[^1].Hash));
    }

    [Fact]
    public void Editing_an_event_breaks_it()
    {
        var events = Chain(5);
        events[2] = events[2] with { Subject = "nothing happened" };

        AuditChain.Verify(events, 5).ShouldBe(AuditCheck.Broken(3, 3, "audit event 3 does not match its hash: it or an earlier event was altered"));
    }

    [Fact]
    public void Removing_an_event_breaks_the_sequence_and_removing_the_last_is_seen_from_the_highest_sequence()
    {
        var events = Chain(5);

        AuditChain.Verify([.. events.Where(e => e.Sequence != 2)], 5).Problem.ShouldBe("audit event 2 is missing (the next one is 3): events were removed");
        AuditChain.Verify(events[..4], 5).Problem.ShouldBe("audit events 5 to 5 are missing: the end of the log was removed");
    }

    [Fact]
    public void Events_from_before_the_chain_are_covered_by_the_first_hashed_event()
    {
        var events = Chain(4);
        var legacy = events.Select((e, i) => i < 2 ? e with { Hash = null } : e).ToList();

        AuditChain.Verify(legacy, 4).Intact.ShouldBeTrue();
        legacy[0] = legacy[0] with { Actor = "someone else" };
        AuditChain.Verify(legacy, 4).FirstBadSequence.ShouldBe(3);
    }
}

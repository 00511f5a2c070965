using DefectorLens.Core.Model;
using DefectorLens.Core.Protection;
using DefectorLens.Storage.Sqlite;

namespace DefectorLens.Storage.Tests.Sqlite;

/// <summary>The background sealing of an import's identities: every container opens as its own case, whoever sealed it.</summary>
public sealed class IdentitySealerTests
{
    private static CaseIdentity Identity(int i) => CaseIdentity.For(new CaseId($"c{i}")) with
    {
        RealName = $"Person {i}",
        Aliases = [$"Abu {i}"],
        Contact = $"+90 555 {i:D7}",
    };

    [Fact]
    public void Identities_asked_for_in_order_each_get_their_own_case_s_container()
    {
        var ring = KeyRing.Generate();
        var identities = Enumerable.Range(0, 20_000).Select(Identity).ToList();
        using var opener = new IdentityCipher(ring);

        using (var sealer = new IdentitySealer(ring, identities))
        {
            foreach (var identity in identities)
            {
                var opened = opener.Open(identity.CaseId, sealer.Seal(identity));
                (opened.RealName, opened.Contact).ShouldBe((identity.RealName, identity.Contact));
            }

            sealer.KeyId.ShouldBe(ring.Current.Id);
        }
    }

    [Fact]
    public void Identities_asked_for_out_of_order_or_not_announced_are_still_sealed_for_their_own_case()
    {
        var ring = KeyRing.Generate();
        var identities = Enumerable.Range(0, 100).Select(Identity).ToList();
        using var opener = new IdentityCipher(ring);
        using var sealer = new IdentitySealer(ring, identities);

        foreach (var identity in identities.AsEnumerable().Reverse().Append(Identity(500)))
        {
            opener.Open(identity.CaseId, sealer.Seal(identity)).RealName.ShouldBe(identity.RealName);
        }
    }

    [Fact]
    public void An_identity_that_cannot_be_sealed_fails_on_the_writer_s_thread_with_the_reason()
    {
        var ring = KeyRing.Generate();
        var tooMany = Identity(1) with { Aliases = [.. Enumerable.Range(0, 70_000).Select(i => $"a{i}")] };
        using var sealer = new IdentitySealer(ring, [Identity(0), tooMany]);

        sealer.Seal(Identity(0));
        var error = Should.Throw<ArgumentException>(() => sealer.Seal(tooMany));

        error.Message.ShouldStartWith("the identity of case 'c1' has 70000 aliases; a container holds at most 65531");
    }
}

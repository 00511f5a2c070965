using DefectorLens.Core.Protection;

namespace DefectorLens.Core.Tests.Protection;

public sealed class BackupCipherTests
{
    private const string ProjectId = "0123456789abcdef0123456789abcdef";

    private static async Task<byte[]> EncryptAsync(byte[] plain, BackupSecret secret)
    {
        using var output = new MemoryStream();
        await BackupCipher.EncryptAsync(new MemoryStream(plain), output, secret, ProjectId, default);
        return output.ToArray();
    }

    private static async Task<byte[]> DecryptAsync(byte[] backup, KeyRing? ring, string? passphrase = null)
    {
        using var output = new MemoryStream();
        await BackupCipher.DecryptAsync(new MemoryStream(backup), output, id => id == ProjectId ? ring : null, passphrase, "b.dlbak", default);
        return output.ToArray();
    }

    private static byte[] Data(int length) => [.. Enumerable.Range(0, length).Select(i => (byte)(i * 7))];

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(1 << 20)]
    [InlineData((1 << 20) * 2 + 5)]
    public async Task A_backup_round_trips_whatever_its_size(int length)
    {
        var ring = KeyRing.Generate();
        var backup = await EncryptAsync(Data(length), BackupSecret.FromKey(ring.Current));

        (await DecryptAsync(backup, ring)).ShouldBe(Data(length));
    }

    [Theory]
    [InlineData(100)]
    [InlineData((1 << 20) + 4 + 16 + 60)]
    public async Task A_truncated_backup_is_refused(int cut)
    {
        var ring = KeyRing.Generate();
        var backup = await EncryptAsync(Data((1 << 20) * 2 + 5), BackupSecret.FromKey(ring.Current));

        var error = await Should.ThrowAsync<UserErrorException>(() => DecryptAsync(backup[..^cut], ring));

        error.Kind.ShouldBe(UserErrorKind.Tampered);
        error.Message.ShouldBeOneOf(
            "b.dlbak: the backup is truncated (it ends before its last block); nothing was restored",
            "b.dlbak: the backup fails its integrity check (altered or damaged); nothing was restored");
    }

    [Fact]
    public async Task A_backup_cut_exactly_after_a_full_block_is_refused_as_truncated()
    {
        var ring = KeyRing.Generate();
        var backup = await EncryptAsync(Data((1 << 20) + 10), BackupSecret.FromKey(ring.Current));

        var error = await Should.ThrowAsync<UserErrorException>(() => DecryptAsync(backup[..^(4 + 10 + 16)], ring));

        error.Message.ShouldBe("b.dlbak: the backup is truncated (it ends before its last block); nothing was restored");
    }

    [Fact]
    public async Task A_flipped_bit_or_an_appended_byte_is_refused()
    {
        var ring = KeyRing.Generate();
        var backup = await EncryptAsync(Data(5000), BackupSecret.FromKey(ring.Current));
        var flipped = backup.ToArray();
        flipped[^100] ^= 0x80;

        (await Should.ThrowAsync<UserErrorException>(() => DecryptAsync(flipped, ring))).Message
            .ShouldBe("b.dlbak: the backup fails its integrity check (altered or damaged); nothing was restored");
        (await Should.ThrowAsync<UserErrorException>(() => DecryptAsync([.. backup, 0], ring))).Kind.ShouldBe(UserErrorKind.Tampered);
    }

    [Fact]
    public async Task A_backup_needs_its_own_key_or_passphrase()
    {
        var ring = KeyRing.Generate();
        var keyed = await EncryptAsync(Data(50), BackupSecret.FromKey(ring.Current));
        var protectedByPassphrase = await EncryptAsync(Data(50), BackupSecret.FromPassphrase("correct horse"));

        (await Should.ThrowAsync<UserErrorException>(() => DecryptAsync(keyed, KeyRing.Generate()))).Message
            .ShouldBe($"b.dlbak: the backup was made with key {ring.Current.Id}, which the key file does not hold (give the key file with --key-file)");
        (await Should.ThrowAsync<UserErrorException>(() => DecryptAsync(protectedByPassphrase, null, "wrong horse"))).Message
            .ShouldBe("b.dlbak: the passphrase is wrong, or the backup was altered; nothing was restored");
        (await Should.ThrowAsync<UserErrorException>(() => DecryptAsync(protectedByPassphrase, null))).Kind.ShouldBe(UserErrorKind.Locked);
        (await DecryptAsync(protectedByPassphrase, null, "correct horse")).ShouldBe(Data(50));
    }

    [Fact]
    public async Task A_file_that_is_not_a_backup_is_refused()
    {
        var error = await Should.ThrowAsync<UserErrorException>(() => DecryptAsync("SQLite format 3\0 and more"u8.ToArray(), null));

        (error.Kind, error.Message).ShouldBe((UserErrorKind.Tampered, "b.dlbak: not a DefectorLens backup, or its header is damaged"));
    }
}

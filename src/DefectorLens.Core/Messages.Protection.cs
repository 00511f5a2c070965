using System.Globalization;

namespace DefectorLens.Core;

/// <summary>Messages about keys, encrypted identities, the audit log and backups.</summary>
/// <remarks>None of them ever holds an identity value: they name cases, fields, keys and files only.</remarks>
public static partial class Messages
{
    /// <summary>Identities cannot be stored because the project has no key at hand.</summary>
    public static string KeyNeededToStoreIdentities(string place, string keyFile) =>
        $"{place}: identities cannot be stored without the project's key, and there is none at {keyFile} " +
        "(run 'dlens keys init', or give the key with --key-file or DLENS_KEY_FILE)";

    /// <summary>An identity was asked for while the key is missing.</summary>
    public static string IdentityLocked(string caseId, string keyFile) =>
        $"the identity of case '{caseId}' is locked: the project's key is not at {keyFile} (give it with --key-file or DLENS_KEY_FILE)";

    /// <summary>A stored identity value was encrypted with a key the ring does not hold.</summary>
    public static string IdentityKeyNotInRing(string caseId, string keyId, string currentKeyId) =>
        $"the identity of case '{caseId}' was encrypted with key {keyId}, which the key file does not hold (it holds {currentKeyId}): wrong key file?";

    /// <summary>A stored identity failed its integrity check.</summary>
    public static string IdentityTampered(string caseId) =>
        $"the identity of case '{caseId}' failed its integrity check: the project file was altered or damaged (restore it from a backup)";

    /// <summary>One encrypted identity value failed its integrity check: altered, or moved from another field or case.</summary>
    public static string IdentityValueTampered(string caseId, string field) =>
        $"the {field} of case '{caseId}' failed its integrity check: the project file was altered or damaged, or the value was moved from another field or case (restore it from a backup)";

    /// <summary>The key file is not a key file, or is damaged.</summary>
    public static string KeyFileInvalid(string file, int line) =>
        string.Create(CultureInfo.InvariantCulture, $"{file} line {line}: not a DefectorLens key file, or a damaged one (expected 'project', 'export' and 'key' lines)");

    /// <summary>The key file belongs to another project.</summary>
    public static string KeyFileOfOtherProject(string file, string projectId) =>
        $"{file} is the key file of project {projectId}, not of this one: wrong key file";

    /// <summary>The key file has permissions that let others read it.</summary>
    public static string KeyFileTooOpen(string file) =>
        $"{file} can be read by other users: make it private with 'chmod 600 {file}'";

    /// <summary>A key exists already.</summary>
    public static string KeyExists(string file) => $"{file} already holds this project's key; 'dlens keys rotate' replaces it";

    /// <summary>No key exists for a project that needs one.</summary>
    public static string KeyMissing(string file) =>
        $"this project has no key at {file}: run 'dlens keys init', or give the key with --key-file or DLENS_KEY_FILE";

    /// <summary>The key of the project does not decrypt its identities.</summary>
    public static string KeyDoesNotFit(string file, string keyId) =>
        $"{file} does not hold key {keyId}, which encrypted identities of this project: wrong key file";

    /// <summary>An audit event is missing from the sequence.</summary>
    public static string AuditEventMissing(long expected, long found) =>
        string.Create(CultureInfo.InvariantCulture, $"audit event {expected} is missing (the next one is {found}): events were removed");

    /// <summary>An audit event does not match its hash.</summary>
    public static string AuditEventAltered(long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"audit event {sequence} does not match its hash: it or an earlier event was altered");

    /// <summary>The last audit events were removed.</summary>
    public static string AuditTailRemoved(long firstMissing, long last) =>
        string.Create(CultureInfo.InvariantCulture, $"audit events {firstMissing} to {last} are missing: the end of the log was removed");

    /// <summary>The audit log failed verification.</summary>
    public static string AuditBroken(string place, string problem) => $"{place}: the audit log is not intact: {problem}";

    /// <summary>A file is not a DefectorLens backup.</summary>
    public static string NotABackup(string file) => $"{file}: not a DefectorLens backup, or its header is damaged";

    /// <summary>A backup ends early.</summary>
    public static string BackupTruncated(string file) => $"{file}: the backup is truncated (it ends before its last block); nothing was restored";

    /// <summary>A backup fails its integrity check.</summary>
    public static string BackupAltered(string file) => $"{file}: the backup fails its integrity check (altered or damaged); nothing was restored";

    /// <summary>A backup was made with a key the key file does not hold.</summary>
    public static string BackupKeyMissing(string file, string keyId) =>
        $"{file}: the backup was made with key {keyId}, which the key file does not hold (give the key file with --key-file)";

    /// <summary>A backup needs a passphrase.</summary>
    public static string BackupPassphraseMissing(string file) =>
        $"{file}: the backup is protected by a passphrase (give it with --passphrase-env VARIABLE)";

    /// <summary>The passphrase does not open the backup.</summary>
    public static string BackupWrongSecret(string file) => $"{file}: the passphrase is wrong, or the backup was altered; nothing was restored";

    /// <summary>The decrypted backup is not a project.</summary>
    public static string BackupNotAProject(string file) => $"{file}: the backup decrypts but holds no intact project; nothing was restored";

    /// <summary>A backup would overwrite a file.</summary>
    public static string BackupFileExists(string file) => $"{file} already exists: choose a new backup file (nothing was overwritten)";

    /// <summary>Restore would overwrite a project.</summary>
    public static string RestoreTargetExists(string target) =>
        $"{target} already exists: restore into a new directory (nothing was overwritten)";

    /// <summary>An environment variable named for a passphrase is not set.</summary>
    public static string PassphraseVariableEmpty(string variable) => $"environment variable {variable} is not set or empty: it should hold the passphrase";
}

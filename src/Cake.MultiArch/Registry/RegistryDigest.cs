using System.Security.Cryptography;

namespace Cake.MultiArch.Registry;

/// <summary>Content digests as registries compute them: <c>sha256:</c> and the lower-case hex of the bytes' SHA-256.</summary>
internal static class RegistryDigest
{
    /// <summary>The digest of the bytes.</summary>
    /// <param name="bytes">The content.</param>
    public static string Compute(ReadOnlySpan<byte> bytes) => "sha256:" + Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Whether the bytes have the given digest; only <c>sha256</c> digests can be checked, others are trusted.</summary>
    /// <param name="bytes">The content.</param>
    /// <param name="digest">The expected digest.</param>
    public static bool Verify(ReadOnlySpan<byte> bytes, string digest) =>
        !digest.StartsWith("sha256:", StringComparison.Ordinal) ||
        string.Equals(Compute(bytes), digest, StringComparison.OrdinalIgnoreCase);
}

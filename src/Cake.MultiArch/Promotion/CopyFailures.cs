using System.Net;
using Cake.MultiArch.Images;

namespace Cake.MultiArch.Promotion;

/// <summary>
/// The messages of a copy that cannot go on, each naming the reference, the registry and the fix. The registry's own
/// answer (already free of secrets) follows, so nothing it said is lost.
/// </summary>
internal static class CopyFailures
{
    /// <summary>Whether a failure is a registry's refusal of the credentials or of their permission (401, 403, <c>DENIED</c>).</summary>
    /// <param name="exception">The failure.</param>
    public static bool IsRefusal(MultiArchException exception) =>
        exception.RegistryProblem is RegistryProblem.AuthenticationRequired or RegistryProblem.CredentialsRefused ||
        exception.RegistryStatus is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden;

    /// <summary>The source reference names nothing its registry holds.</summary>
    /// <param name="source">The source.</param>
    /// <param name="cause">The registry's answer.</param>
    public static MultiArchException SourceMissing(ImageReference source, MultiArchException cause) =>
        new(
            $"CopyMultiArchImage: there is no image {source.Repository}{Separator(source)}{source.Reference} on {source.Registry} to copy. " +
            $"Check the {(source.Digest is null ? "tag" : "digest")} and the repository name, or push the image there first. ({cause.Message})",
            cause);

    /// <summary>The source registry refused to let the credentials read the image.</summary>
    /// <param name="source">The source.</param>
    /// <param name="cause">The registry's answer.</param>
    public static MultiArchException SourceRefused(ImageReference source, MultiArchException cause) =>
        new(
            $"CopyMultiArchImage could not read {source} from {source.Registry}: the registry refused the credentials docker has for it, or they " +
            $"may not pull {source.Repository}. Log in as an account that may pull there (MultiArchLogin with Server = \"{source.Registry}\", " +
            $"or `docker login {source.Registry}`), and give the same ConfigDirectory. ({cause.Message})",
            cause);

    /// <summary>The target registry refused to let the credentials push.</summary>
    /// <param name="target">The target.</param>
    /// <param name="cause">The registry's answer.</param>
    public static MultiArchException TargetRefused(ImageReference target, MultiArchException cause) =>
        new(
            $"CopyMultiArchImage could not push to {target.Name}: {target.Registry} refused, so the credentials docker has for it (if any) lack push " +
            $"permission on {target.Repository}. Log in as an account that may push there (MultiArchLogin with Server = \"{target.Registry}\", " +
            $"or `docker login {target.Registry}`), give the same ConfigDirectory, and run the copy again; the tag {target.Tag} was not written. " +
            $"({cause.Message})",
            cause);

    /// <summary>The source registry served a blob of another length than its manifest states.</summary>
    /// <param name="source">The source.</param>
    /// <param name="digest">The blob.</param>
    /// <param name="stated">The size in the manifest.</param>
    /// <param name="served">The length served.</param>
    public static MultiArchException LengthMismatch(ImageReference source, string digest, long stated, long served) =>
        new($"CopyMultiArchImage: {source.Registry} served the blob {digest} of {source.Repository} with {served} bytes, but the manifest states " +
            $"{stated}. The source is damaged or something between altered it; check the registry and proxies, then copy again.");

    /// <summary>The target registry stored the copied list under another digest than the source's.</summary>
    /// <param name="target">The target.</param>
    /// <param name="expected">The source's digest.</param>
    /// <param name="stored">The digest the target reported.</param>
    public static MultiArchException DigestChanged(ImageReference target, string expected, string stored) =>
        new($"CopyMultiArchImage: {target.Registry} stored {target} as {stored}, not as the source's {expected}. The registry rewrote the manifest; " +
            "copy to a registry that keeps manifests as pushed (any OCI distribution registry does).");

    private static string Separator(ImageReference reference) => reference.Digest is null ? ":" : "@";
}

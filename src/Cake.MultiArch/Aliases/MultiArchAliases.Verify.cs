using Cake.Core;
using Cake.Core.Annotations;
using Cake.MultiArch.Verification;

namespace Cake.MultiArch;

public static partial class MultiArchAliases
{
    /// <summary>
    /// Reads a published manifest list back from the registry and checks that it holds each expected platform exactly
    /// once, no unknown/unknown entry, and that every entry's image is there with a config of its platform; optionally
    /// runs a command in each arch's image (under QEMU where foreign) and returns each one's output.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="listTag">The list's tag, such as <c>127.0.0.1:5000/hello:1.0</c>.</param>
    /// <param name="settings">The expected architectures and the command to run.</param>
    /// <returns>The list's digest and its entries, with each command's output.</returns>
    /// <example>
    /// <code>
    /// var verified = VerifyManifest("127.0.0.1:5000/hello:1.0", new VerifyManifestSettings
    /// {
    ///     ExpectedArchitectures = { "amd64", "arm32v6", "arm32v7", "arm64v8" },
    ///     RunCommand = { "uname", "-m" },
    /// });
    /// foreach (var entry in verified.Entries)
    ///     Information($"{entry.Platform}: {entry.Output}");
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Verify")]
    public static VerifiedManifest VerifyManifest(this ICakeContext context, string listTag, VerifyManifestSettings settings) =>
        Run(context, settings, (runner, ct) => new ManifestVerifier(runner, context.Log, runner.WorkingDirectory).VerifyAsync(listTag, settings, ct));
}

using Cake.Core;
using Cake.Core.Annotations;
using Cake.MultiArch.Qemu;

namespace Cake.MultiArch;

public static partial class MultiArchAliases
{
    /// <summary>
    /// Registers QEMU as the binfmt_misc handler for arm32v6, arm32v7 and arm64v8, so this x86-64 host can run (and build)
    /// their images. Reads what is registered first and changes nothing that already works.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <returns>Per architecture: whether its binaries can run now, and whether the handler has the F flag.</returns>
    /// <example>
    /// <code>
    /// Task("Qemu").Does(() =&gt;
    /// {
    ///     foreach (var handler in RegisterQemu())
    ///         Information(handler.ToString());
    /// });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("QEMU")]
    public static IReadOnlyList<QemuRegistration> RegisterQemu(this ICakeContext context) => RegisterQemu(context, new RegisterQemuSettings());

    /// <summary>
    /// Registers QEMU as the binfmt_misc handler for the architectures in the settings: directly on a Linux host as root,
    /// or through a privileged container (the classic <c>multiarch/qemu-user-static --reset -p yes</c>).
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="settings">Which architectures, which method, whether to reset.</param>
    /// <returns>Per architecture: whether its binaries can run now, and whether the handler has the F flag.</returns>
    /// <example>
    /// <code>
    /// RegisterQemu(new RegisterQemuSettings
    /// {
    ///     Architectures = { "arm64v8", "ppc64le" },
    ///     RegistrationMethod = QemuRegistrationMethod.Container,
    ///     ContainerImage = "tonistiigi/binfmt",
    ///     ContainerArguments = { "--install", "{qemu-archs}" },
    /// });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("QEMU")]
    public static IReadOnlyList<QemuRegistration> RegisterQemu(this ICakeContext context, RegisterQemuSettings settings) =>
        Run(context, settings, (runner, ct) => new QemuRegistrar(runner, context.Log).RegisterAsync(settings, ct));

    /// <summary>
    /// Makes the QEMU-enabled base of an architecture, <c>local/qemu-&lt;arch&gt;</c>, from <c>&lt;arch&gt;/alpine</c>:
    /// <c>qemu-&lt;target&gt;-static</c> is copied in only where the handler lacks the F flag; a native arch is only re-tagged.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="architecture">The architecture, such as <c>"arm32v6"</c>.</param>
    /// <returns>The base's tag and whether QEMU was copied in.</returns>
    /// <example>
    /// <code>
    /// var qemuBase = BuildQemuBase("arm32v6");
    /// Information($"{qemuBase.Tag}: {qemuBase.Reason}");
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("QEMU")]
    public static QemuBaseImage BuildQemuBase(this ICakeContext context, CpuArchitecture architecture) =>
        BuildQemuBase(context, architecture, new BuildQemuBaseSettings());

    /// <summary>Makes the QEMU-enabled base of an architecture from the base image the settings name.</summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="architecture">The architecture, such as <c>"arm32v7"</c>.</param>
    /// <param name="settings">The vanilla base, the tag, whether to force the copy.</param>
    /// <returns>The base's tag and whether QEMU was copied in.</returns>
    /// <example>
    /// <code>
    /// BuildQemuBase("arm32v7", new BuildQemuBaseSettings
    /// {
    ///     BaseImage = "{arch}/debian:bookworm-slim",
    ///     TagPattern = "local/qemu-debian-{arch}",
    ///     ForceQemuCopy = true,
    /// });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("QEMU")]
    public static QemuBaseImage BuildQemuBase(this ICakeContext context, CpuArchitecture architecture, BuildQemuBaseSettings settings) =>
        Run(context, settings, (runner, ct) => new QemuBaseBuilder(runner, context.Log).BuildAsync(architecture, settings, ct));
}

namespace Cake.MultiArch.Qemu;

/// <summary>
/// The argument tokens of the QEMU steps: the registration container and the build of a QEMU-enabled base. Pure functions from settings to tokens: nothing here runs a process or touches a file.
/// </summary>
internal static class QemuCommands
{
    /// <summary>
    /// <c>docker run --rm --privileged IMAGE ARGS</c>: the classic registration through a container that writes
    /// the host kernel's binfmt_misc. <c>{qemu-archs}</c> in an argument becomes the comma-separated QEMU targets.
    /// </summary>
    /// <param name="image">The registering image, such as <c>multiarch/qemu-user-static</c>.</param>
    /// <param name="arguments">The image's arguments, such as <c>--reset -p yes</c>.</param>
    /// <param name="architectures">The architectures to register.</param>
    public static IReadOnlyList<string> RegisterQemuContainer(string image, IEnumerable<string> arguments, IEnumerable<CpuArchitecture> architectures)
    {
        var targets = string.Join(',', architectures.Select(a => a.QemuName).Distinct());
        var tokens = new List<string> { "run", "--rm", "--privileged", image };
        tokens.AddRange(arguments.Select(a => a.Replace("{qemu-archs}", targets, StringComparison.Ordinal)));
        return tokens;
    }

    /// <summary><c>docker build</c> of a QEMU-enabled base from a generated context.</summary>
    /// <param name="architecture">The base's architecture.</param>
    /// <param name="baseImage">The vanilla per-arch base, passed as <c>BASE</c>.</param>
    /// <param name="tag">The QEMU-enabled base's tag, such as <c>local/qemu-arm32v7</c>.</param>
    /// <param name="context">The generated context directory holding the Dockerfile and the emulator.</param>
    public static IReadOnlyList<string> BuildQemuBase(CpuArchitecture architecture, string baseImage, string tag, string context) =>
        ["build", "--platform", architecture.Platform, "--build-arg", $"BASE={baseImage}", "--tag", tag,
         "--file", System.IO.Path.Combine(context, "Dockerfile"), context];
}

using NUnit.Framework;

namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>
/// Per-architecture base images for the integration tests, built locally from the static busybox binaries that
/// <c>.ci/prepare-host</c> caches: no registry is reachable here, so no test may pull a base image.
/// </summary>
public static class BusyboxBases
{
    /// <summary>The local repository every base is tagged in.</summary>
    public const string Repository = "cake-multiarch-test/busybox";

    /// <summary>x86-64, from Debian amd64.</summary>
    public static readonly BusyboxBase Amd64 = new("amd64", "linux/amd64", "amd64", "amd64", null, "x86_64");

    /// <summary>ARMv6, from Debian armel; QEMU's default arm CPU still reports armv7l.</summary>
    public static readonly BusyboxBase Arm32V6 = new("arm32v6", "linux/arm/v6", "armel", "arm", "v6", "armv7l");

    /// <summary>ARMv7, from Debian armhf.</summary>
    public static readonly BusyboxBase Arm32V7 = new("arm32v7", "linux/arm/v7", "armhf", "arm", "v7", "armv7l");

    /// <summary>64-bit ARM, from Debian arm64. Its image config records no variant (daemon 20.10); a manifest list entry says v8.</summary>
    public static readonly BusyboxBase Arm64V8 = new("arm64v8", "linux/arm64", "arm64", "arm64", null, "aarch64");

    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly HashSet<string> Ensured = [];

    /// <summary>Every base, in the Docker Library's order.</summary>
    public static IReadOnlyList<BusyboxBase> All { get; } = [Amd64, Arm32V6, Arm32V7, Arm64V8];

    /// <summary>Where <c>.ci/prepare-host</c> caches downloads: <c>$CAKE_MULTIARCH_CACHE</c> or <c>/var/cache/cake-multiarch</c>.</summary>
    public static string CacheDirectory =>
        Environment.GetEnvironmentVariable("CAKE_MULTIARCH_CACHE") is { Length: > 0 } cache ? cache : "/var/cache/cake-multiarch";

    /// <summary>The base for a Docker Library architecture name (<c>amd64</c>, <c>arm32v6</c>, <c>arm32v7</c>, <c>arm64v8</c>).</summary>
    /// <param name="arch">The architecture name.</param>
    public static BusyboxBase For(string arch) =>
        All.FirstOrDefault(b => string.Equals(b.Arch, arch, StringComparison.OrdinalIgnoreCase))
        ?? throw new ArgumentException(
            $"There is no busybox base for '{arch}'. Known: {string.Join(", ", All.Select(b => b.Arch))}.", nameof(arch));

    /// <summary>The local image name of the base for an architecture, such as <c>cake-multiarch-test/busybox:arm32v7</c>.</summary>
    /// <param name="arch">The architecture name (<c>amd64</c>, <c>arm32v6</c>, <c>arm32v7</c>, <c>arm64v8</c>).</param>
    public static string ImageFor(string arch) => For(arch).Image;

    /// <summary>
    /// Builds every base that is missing or records the wrong platform; once per test run. Fails the current test
    /// when the busybox cache is missing (run <c>.ci/prepare-host</c>) or a build fails.
    /// </summary>
    /// <param name="cancellationToken">Stops a build in progress.</param>
    public static async Task EnsureAsync(CancellationToken cancellationToken = default)
    {
        await Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Each engine has images of its own; DOCKER_HOST names the one in use.
            var host = Environment.GetEnvironmentVariable("DOCKER_HOST") ?? "";
            if (Ensured.Contains(host))
            {
                return;
            }

            var missing = All.Where(b => !File.Exists(b.BusyboxPath)).ToArray();
            if (missing.Length > 0)
            {
                Assert.Fail(
                    "The static busybox binaries the test base images are made of are not cached: " +
                    string.Join(", ", missing.Select(b => b.BusyboxPath)) + ". " +
                    "Run `.ci/prepare-host` as root (it downloads Debian's busybox-static for amd64, arm64, armhf and armel), " +
                    "then run the tests again.");
            }

            foreach (var image in All)
            {
                if (await InspectPlatformAsync(image.Image, cancellationToken).ConfigureAwait(false) != image.InspectedPlatform)
                {
                    await BuildAsync(image, cancellationToken).ConfigureAwait(false);
                }
            }

            Ensured.Add(host);
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The platform an image's config records, as <c>os/architecture/variant</c>, or <see langword="null"/> when there is no such image.</summary>
    /// <param name="image">A local image name.</param>
    /// <param name="cancellationToken">Stops docker.</param>
    public static async Task<string?> InspectPlatformAsync(string image, CancellationToken cancellationToken = default)
    {
        var result = await HostCommand.RunAsync(
                "docker", ["image", "inspect", "--format", "{{.Os}}/{{.Architecture}}/{{.Variant}}", image],
                cancellationToken: cancellationToken)
            .ConfigureAwait(false);
        return result.Succeeded ? result.StandardOutput.Trim() : null;
    }

    private static async Task BuildAsync(BusyboxBase image, CancellationToken cancellationToken)
    {
        var context = Directory.CreateTempSubdirectory("cake-multiarch-busybox-");
        try
        {
            File.Copy(image.BusyboxPath, Path.Combine(context.FullName, "busybox"));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(Path.Combine(context.FullName, "busybox"), (UnixFileMode)0b111_101_101);
            }

            // The RUN step executes the foreign busybox under QEMU; it proves binfmt works before any test relies on it.
            await File.WriteAllTextAsync(
                    Path.Combine(context.FullName, "Dockerfile"),
                    "FROM scratch\nCOPY busybox /bin/busybox\nRUN [\"/bin/busybox\", \"--install\", \"-s\", \"/bin\"]\n",
                    cancellationToken)
                .ConfigureAwait(false);

            var result = await HostCommand.RunAsync(
                    "docker", ["build", "--platform", image.Platform, "--tag", image.Image, context.FullName],
                    cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            if (!result.Succeeded)
            {
                Assert.Fail($"Could not build the {image.Arch} busybox base image. {result.Describe()}");
            }
        }
        finally
        {
            context.Delete(recursive: true);
        }

        var recorded = await InspectPlatformAsync(image.Image, cancellationToken).ConfigureAwait(false);
        if (recorded != image.InspectedPlatform)
        {
            Assert.Fail($"{image.Image} was built for {image.Platform} but its config records '{recorded}', not '{image.InspectedPlatform}'.");
        }
    }
}

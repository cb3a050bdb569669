namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>One per-architecture base image made from Debian's static busybox, never pulled.</summary>
/// <param name="Arch">The Docker Library name, such as <c>arm32v7</c>; also the image tag.</param>
/// <param name="Platform">The platform it is built for, such as <c>linux/arm/v7</c>.</param>
/// <param name="DebianArch">The Debian architecture its busybox comes from, such as <c>armhf</c>.</param>
/// <param name="OciArchitecture">The architecture its image config records, such as <c>arm</c>.</param>
/// <param name="Variant">The variant its image config records, such as <c>v7</c>; <see langword="null"/> for none.</param>
/// <param name="Machine">What <c>uname -m</c> prints inside it (under QEMU for the ARM ones).</param>
public sealed record BusyboxBase(string Arch, string Platform, string DebianArch, string OciArchitecture, string? Variant, string Machine)
{
    /// <summary>The local image name, such as <c>cake-multiarch-test/busybox:arm32v7</c>.</summary>
    public string Image => $"{BusyboxBases.Repository}:{Arch}";

    /// <summary>Where <c>.ci/prepare-host</c> caches the static busybox binary for this architecture.</summary>
    public string BusyboxPath => Path.Combine(BusyboxBases.CacheDirectory, "busybox", DebianArch, "busybox");

    /// <summary>The platform as <c>docker image inspect</c> reports it: <c>os/architecture/variant</c>.</summary>
    public string InspectedPlatform => $"linux/{OciArchitecture}/{Variant}";
}

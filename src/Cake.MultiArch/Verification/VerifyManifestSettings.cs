using Cake.MultiArch.Docker;
using Cake.MultiArch.Settings;

namespace Cake.MultiArch;

/// <summary>Settings for <c>VerifyManifest</c>: what the published list must hold, and what to run in each image.</summary>
public class VerifyManifestSettings : MultiArchToolSettings
{
    /// <summary>The platforms the list must hold, each exactly once. Defaults to amd64, arm32v6, arm32v7 and arm64v8; the first one added replaces the defaults.</summary>
    public IList<CpuArchitecture> ExpectedArchitectures { get; set; } = new DefaultedList<CpuArchitecture>(CpuArchitecture.ClassicSet);

    /// <summary>Accept platforms beyond the expected ones. Off by default: an unexpected platform is a problem.</summary>
    public bool AllowOtherPlatforms { get; set; }

    /// <summary>
    /// Accept attestation entries (BuildKit's provenance and SBOM manifests, platform <c>unknown/unknown</c>), each of
    /// which must point at an image entry of the same list. On by default; off makes any attestation a problem.
    /// </summary>
    public bool AllowAttestations { get; set; } = true;

    /// <summary>A command to run in each arch's image (<c>docker run --platform</c>, under QEMU where foreign), such as <c>uname -m</c>; empty runs nothing.</summary>
    public IList<string> RunCommand { get; set; } = new List<string>();
}

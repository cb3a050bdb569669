using System.Collections.ObjectModel;

namespace Cake.MultiArch;

/// <summary>
/// A CPU architecture as the Docker Library names it (<c>arm32v7</c>, <c>arm64v8</c>, ...), with its OCI platform
/// and the QEMU user-mode emulator that runs its binaries on another host.
/// </summary>
/// <remarks>
/// Parse what people type with <see cref="Parse"/>: Docker Library names, OCI platforms (<c>linux/arm/v7</c>),
/// kernel names (<c>aarch64</c>, <c>armv7l</c>) and Debian names (<c>armhf</c>, <c>arm64</c>) are all accepted.
/// A string converts implicitly, so a script may write <c>Archs = { "amd64", "arm32v7" }</c>.
/// </remarks>
public sealed class CpuArchitecture : IEquatable<CpuArchitecture>
{
    /// <summary>x86-64: <c>linux/amd64</c>.</summary>
    public static readonly CpuArchitecture Amd64 = new("amd64", "amd64", null, "x86_64", "x86_64", "x64");

    /// <summary>32-bit x86: <c>linux/386</c>.</summary>
    public static readonly CpuArchitecture I386 = new("i386", "386", null, "i386", "386", "x86", "i686", "i586");

    /// <summary>ARMv5 (armel): <c>linux/arm/v5</c>.</summary>
    public static readonly CpuArchitecture Arm32V5 = new("arm32v5", "arm", "v5", "arm", "armv5", "armv5l", "armv5tel", "armel");

    /// <summary>ARMv6, the Raspberry Pi Zero and 1: <c>linux/arm/v6</c>.</summary>
    public static readonly CpuArchitecture Arm32V6 = new("arm32v6", "arm", "v6", "arm", "armv6", "armv6l");

    /// <summary>ARMv7, the Raspberry Pi 2 and later in 32-bit mode: <c>linux/arm/v7</c>.</summary>
    public static readonly CpuArchitecture Arm32V7 = new("arm32v7", "arm", "v7", "arm", "armv7", "armv7l", "armhf", "arm");

    /// <summary>64-bit ARM: <c>linux/arm64</c>, variant <c>v8</c> in a manifest list.</summary>
    public static readonly CpuArchitecture Arm64V8 = new("arm64v8", "arm64", "v8", "aarch64", "arm64", "aarch64", "armv8", "armv8l");

    /// <summary>64-bit little-endian POWER: <c>linux/ppc64le</c>.</summary>
    public static readonly CpuArchitecture Ppc64Le = new("ppc64le", "ppc64le", null, "ppc64le", "ppc64el");

    /// <summary>IBM Z: <c>linux/s390x</c>.</summary>
    public static readonly CpuArchitecture S390X = new("s390x", "s390x", null, "s390x");

    /// <summary>64-bit RISC-V: <c>linux/riscv64</c>.</summary>
    public static readonly CpuArchitecture Riscv64 = new("riscv64", "riscv64", null, "riscv64");

    /// <summary>64-bit little-endian MIPS: <c>linux/mips64le</c>.</summary>
    public static readonly CpuArchitecture Mips64Le = new("mips64le", "mips64le", null, "mips64el", "mips64el");

    private static readonly CpuArchitecture[] Known =
        [Amd64, I386, Arm32V5, Arm32V6, Arm32V7, Arm64V8, Ppc64Le, S390X, Riscv64, Mips64Le];

    private static readonly Dictionary<string, CpuArchitecture> Lookup = BuildLookup();

    private readonly string[] _aliases;

    private CpuArchitecture(string name, string ociArchitecture, string? variant, string qemuName, params string[] aliases)
    {
        Name = name;
        OciArchitecture = ociArchitecture;
        Variant = variant;
        QemuName = qemuName;
        _aliases = aliases;
    }

    /// <summary>The classic recipe's set (the Makefile's <c>ARCHS</c>): amd64, arm32v6, arm32v7 and arm64v8.</summary>
    public static IReadOnlyList<CpuArchitecture> ClassicSet { get; } = new ReadOnlyCollection<CpuArchitecture>([Amd64, Arm32V6, Arm32V7, Arm64V8]);

    /// <summary>Every architecture this add-in knows, in the Docker Library's order.</summary>
    public static IReadOnlyList<CpuArchitecture> All { get; } = new ReadOnlyCollection<CpuArchitecture>(Known);

    /// <summary>The Docker Library name, such as <c>arm32v7</c>; used in tags (<c>image:1.0-arm32v7</c>).</summary>
    public string Name { get; }

    /// <summary>The operating system of the platform; always <c>linux</c>.</summary>
    public string Os => "linux";

    /// <summary>The OCI architecture, as a manifest list entry states it (<c>arm</c>, <c>arm64</c>, <c>amd64</c>).</summary>
    public string OciArchitecture { get; }

    /// <summary>The OCI variant (<c>v6</c>, <c>v7</c>, <c>v8</c>), or <see langword="null"/> where there is none.</summary>
    public string? Variant { get; }

    /// <summary>
    /// The platform passed to <c>docker build --platform</c>: <c>linux/arm/v7</c>, <c>linux/arm64</c>.
    /// arm64's v8 is the only arm64 variant, so Docker's canonical form leaves it out.
    /// </summary>
    public string Platform => Variant is null || this == Arm64V8 ? $"{Os}/{OciArchitecture}" : $"{Os}/{OciArchitecture}/{Variant}";

    /// <summary>The QEMU target name: <c>qemu-&lt;QemuName&gt;-static</c> emulates it, <c>qemu-&lt;QemuName&gt;</c> is its binfmt_misc handler.</summary>
    public string QemuName { get; }

    /// <summary>The file name of the static QEMU emulator for this architecture, such as <c>qemu-arm-static</c>.</summary>
    public string QemuStaticBinary => $"qemu-{QemuName}-static";

    /// <summary>Parses a name as people type it; throws a <see cref="MultiArchException"/> listing the known names when it is unknown.</summary>
    /// <param name="value">A Docker Library name, an OCI platform, or a kernel or Debian architecture name.</param>
    public static CpuArchitecture Parse(string value)
    {
        if (TryParse(value, out var architecture))
        {
            return architecture;
        }

        var shown = string.IsNullOrWhiteSpace(value) ? "an empty name" : $"'{value}'";
        throw new MultiArchException(
            $"Unknown architecture {shown}. Known architectures: {string.Join(", ", Known.Select(a => a.Name))} " +
            "(also accepted: OCI platforms such as linux/arm/v7 and names such as aarch64, armhf, x86_64).");
    }

    /// <summary>Parses a name as people type it; returns <see langword="false"/> when it is unknown.</summary>
    /// <param name="value">The name to parse.</param>
    /// <param name="architecture">The architecture, when known.</param>
    public static bool TryParse(string? value, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out CpuArchitecture? architecture)
    {
        architecture = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        return Lookup.TryGetValue(value.Trim(), out architecture);
    }

    /// <summary>Parses a comma- or space-separated list such as <c>amd64,arm32v6,arm32v7</c> (the Makefile's ARCHS).</summary>
    /// <param name="values">The list to parse.</param>
    public static IReadOnlyList<CpuArchitecture> ParseList(string values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return values.Split([',', ' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(Parse)
            .ToArray();
    }

    /// <summary>Converts a name as people type it; unknown names throw.</summary>
    /// <param name="value">The name to parse.</param>
    public static implicit operator CpuArchitecture(string value) => Parse(value);

    /// <inheritdoc/>
    public bool Equals(CpuArchitecture? other) => ReferenceEquals(this, other);

    /// <inheritdoc/>
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    /// <inheritdoc/>
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);

    /// <summary>The Docker Library name.</summary>
    public override string ToString() => Name;

    /// <summary>Equality by identity: every architecture has exactly one instance.</summary>
    public static bool operator ==(CpuArchitecture? left, CpuArchitecture? right) => ReferenceEquals(left, right);

    /// <summary>Inequality by identity.</summary>
    public static bool operator !=(CpuArchitecture? left, CpuArchitecture? right) => !ReferenceEquals(left, right);

    private static Dictionary<string, CpuArchitecture> BuildLookup()
    {
        var lookup = new Dictionary<string, CpuArchitecture>(StringComparer.OrdinalIgnoreCase);
        foreach (var architecture in Known)
        {
            lookup[architecture.Name] = architecture;
            lookup[architecture.Platform] = architecture;
            lookup[$"{architecture.Os}/{architecture.OciArchitecture}" + (architecture.Variant is null ? "" : "/" + architecture.Variant)] = architecture;
        }

        // Plain aliases never override a Docker Library name or a platform; "arm" means v7 as in Docker's default.
        foreach (var architecture in Known)
        {
            foreach (var alias in architecture._aliases)
            {
                lookup.TryAdd(alias, architecture);
            }
        }

        lookup["linux/arm"] = Arm32V7;
        lookup["arm"] = Arm32V7;
        return lookup;
    }
}

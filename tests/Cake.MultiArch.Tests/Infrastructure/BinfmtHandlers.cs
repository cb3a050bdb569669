using NUnit.Framework;

namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>The host's binfmt_misc registrations, through which the kernel hands foreign binaries to QEMU.</summary>
public static class BinfmtHandlers
{
    /// <summary>Where the kernel lists the registered handlers.</summary>
    public const string Directory = "/proc/sys/fs/binfmt_misc";

    /// <summary>The handlers the busybox bases need: 64-bit and 32-bit ARM.</summary>
    public static readonly IReadOnlyList<string> Required = ["qemu-aarch64", "qemu-arm"];

    /// <summary>Fails the current test unless every required handler is registered, enabled and has the F flag.</summary>
    /// <remarks>
    /// Without F (fix binary) the kernel opens the interpreter by path inside the container, where it does not exist,
    /// and a foreign RUN step fails with "no such file or directory" rather than "exec format error".
    /// </remarks>
    public static void EnsureRegistered()
    {
        var problems = new List<string>();
        foreach (var name in Required)
        {
            var path = Path.Combine(Directory, name);
            if (!File.Exists(path))
            {
                problems.Add($"{name} is not registered");
                continue;
            }

            var lines = File.ReadAllLines(path);
            if (lines.FirstOrDefault() != "enabled")
            {
                problems.Add($"{name} is registered but disabled");
            }

            var flags = lines.FirstOrDefault(l => l.StartsWith("flags:", StringComparison.Ordinal)) ?? "flags:";
            if (!flags["flags:".Length..].Contains('F', StringComparison.Ordinal))
            {
                problems.Add($"{name} lacks the F flag ({flags.Trim()}), so containers cannot find its interpreter");
            }
        }

        if (problems.Count > 0)
        {
            Assert.Fail(
                "QEMU's binfmt_misc handlers are not usable: " + string.Join("; ", problems) + ". " +
                "Prepare the host as root with `.ci/prepare-host` (installs qemu-user-static and binfmt-support, mounts " +
                "binfmt_misc, runs update-binfmts --enable), then run the tests again.");
        }
    }
}

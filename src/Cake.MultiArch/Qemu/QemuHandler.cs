namespace Cake.MultiArch;

/// <summary>A binfmt_misc handler as the kernel reports it in <c>/proc/sys/fs/binfmt_misc/&lt;name&gt;</c>.</summary>
/// <param name="Name">The handler's name, such as <c>qemu-aarch64</c>.</param>
/// <param name="Enabled">Whether the kernel uses it.</param>
/// <param name="Interpreter">The emulator's path, as registered.</param>
/// <param name="Flags">The flags, such as <c>PF</c>.</param>
/// <param name="Magic">The magic bytes, as lowercase hex.</param>
/// <param name="Mask">The mask, as lowercase hex.</param>
public sealed record QemuHandler(string Name, bool Enabled, string Interpreter, string Flags, string Magic, string Mask)
{
    /// <summary>
    /// The F (fix binary) flag: the kernel opened the emulator when the handler was registered, so binaries run
    /// inside containers without a copy of <c>qemu-*-static</c> in the image.
    /// </summary>
    public bool FixBinary => Flags.Contains('F', StringComparison.Ordinal);

    /// <summary>Parses the text of a handler's file; <see langword="null"/> when it is not a magic-based handler.</summary>
    /// <param name="name">The handler's file name.</param>
    /// <param name="text">The file's content.</param>
    internal static QemuHandler? Parse(string name, string text)
    {
        string? interpreter = null, flags = "", magic = null, mask = "";
        var enabled = false;
        foreach (var raw in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (raw == "enabled")
            {
                enabled = true;
            }
            else if (raw.StartsWith("interpreter ", StringComparison.Ordinal))
            {
                interpreter = raw["interpreter ".Length..].Trim();
            }
            else if (raw.StartsWith("flags:", StringComparison.Ordinal))
            {
                flags = raw["flags:".Length..].Trim();
            }
            else if (raw.StartsWith("magic ", StringComparison.Ordinal))
            {
                magic = raw["magic ".Length..].Trim().ToLowerInvariant();
            }
            else if (raw.StartsWith("mask ", StringComparison.Ordinal))
            {
                mask = raw["mask ".Length..].Trim().ToLowerInvariant();
            }
        }

        return interpreter is null || magic is null ? null : new QemuHandler(name, enabled, interpreter, flags, magic, mask);
    }
}

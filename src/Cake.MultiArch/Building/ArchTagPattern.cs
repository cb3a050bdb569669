
namespace Cake.MultiArch.Building;

/// <summary>Expands the <c>{image}</c>, <c>{tag}</c> and <c>{arch}</c> placeholders of tag and base image patterns.</summary>
internal static class ArchTagPattern
{
    /// <summary>The pattern with its placeholders replaced.</summary>
    /// <param name="pattern">Such as <c>{image}:{tag}-{arch}</c>.</param>
    /// <param name="image">The image repository.</param>
    /// <param name="tag">The release tag.</param>
    /// <param name="architecture">The architecture.</param>
    public static string Expand(string pattern, string image, string tag, CpuArchitecture architecture) =>
        pattern.Replace("{image}", image, StringComparison.Ordinal)
            .Replace("{tag}", tag, StringComparison.Ordinal)
            .Replace("{arch}", architecture.Name, StringComparison.Ordinal)
            .Replace("{qemu}", architecture.QemuName, StringComparison.Ordinal);
}

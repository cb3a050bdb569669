namespace Cake.MultiArch.Building;

/// <summary>
/// Which inputs each local image was built from, kept on this machine so that an incremental run can skip a build:
/// one empty file per pair, <c>IMAGE-ID/INPUTS-DIGEST</c>, under the user's cache folder. Image IDs are content digests,
/// so a record never goes stale: an image with that ID is the image those inputs built, on any daemon.
/// </summary>
/// <remarks>
/// The digest used to be a label on the image, which cost each legacy build one more step (a container and a commit
/// per arch) and left an internal label in every published image.
/// </remarks>
internal static class BuildRecords
{
    /// <summary>The environment variable that moves the cache folder.</summary>
    public const string CacheVariable = "CAKE_MULTIARCH_CACHE";

    /// <summary>Records untouched for this long are removed when a new one is written.</summary>
    internal static readonly TimeSpan KeepFor = TimeSpan.FromDays(30);

    /// <summary>
    /// The folder: <c>$CAKE_MULTIARCH_CACHE/builds</c>, else the user's cache (<c>$XDG_CACHE_HOME</c>, <c>~/.cache</c>, or
    /// local application data on Windows), else, for an account without a home, the temporary folder.
    /// </summary>
    /// <param name="environment">Looks up an environment variable.</param>
    /// <param name="home">The user's home or local application data folder; the process's by default.</param>
    public static string Folder(Func<string, string?> environment, string? home = null)
    {
        var root = environment(CacheVariable);
        if (string.IsNullOrEmpty(root))
        {
            home ??= Environment.GetFolderPath(OperatingSystem.IsWindows() ? Environment.SpecialFolder.LocalApplicationData : Environment.SpecialFolder.UserProfile);
            var cache = !OperatingSystem.IsWindows() && environment("XDG_CACHE_HOME") is { Length: > 0 } xdg ? xdg
                : string.IsNullOrEmpty(home) ? Path.GetTempPath()
                : OperatingSystem.IsWindows() ? home : Path.Combine(home, ".cache");
            root = Path.Combine(cache, "cake-multiarch");
        }

        return Path.Combine(root, "builds");
    }

    /// <summary>Whether the image with this ID was built from these inputs.</summary>
    /// <param name="folder">The records' folder.</param>
    /// <param name="imageId">The image's ID, <c>sha256:...</c>.</param>
    /// <param name="inputs">The inputs digest, <c>sha256:...</c>.</param>
    public static bool Has(string folder, string imageId, string inputs) => File.Exists(PathOf(folder, imageId, inputs));

    /// <summary>
    /// Records that the image with this ID was built from these inputs, and removes records untouched for
    /// <see cref="KeepFor"/>. Returns why it could not write, or <see langword="null"/>: a record that is missing only
    /// costs the next run a build from docker's layer cache.
    /// </summary>
    /// <param name="folder">The records' folder.</param>
    /// <param name="imageId">The image's ID.</param>
    /// <param name="inputs">The inputs digest.</param>
    /// <param name="now">The time now, for pruning.</param>
    public static string? Record(string folder, string imageId, string inputs, DateTime now)
    {
        try
        {
            var path = PathOf(folder, imageId, inputs);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, []);
            Directory.SetLastWriteTimeUtc(Path.GetDirectoryName(path)!, now);
            foreach (var image in Directory.EnumerateDirectories(folder))
            {
                if (now - Directory.GetLastWriteTimeUtc(image) > KeepFor)
                {
                    Directory.Delete(image, recursive: true);
                }
            }

            return null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return exception.Message;
        }
    }

    private static string PathOf(string folder, string imageId, string inputs) =>
        Path.Combine(folder, Name(imageId), Name(inputs));

    // "sha256:abc..." as a file name everywhere (':' is not allowed on Windows).
    private static string Name(string digest) => digest.Replace(':', '-');
}

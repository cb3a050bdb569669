using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Registry;

/// <summary>Builds tiny images FROM scratch with the real docker CLI (nothing is pulled) and pushes them.</summary>
internal static class ScratchImages
{
    /// <summary>Builds an image holding one text file for the platform, pushes it, and returns the digest docker pushed.</summary>
    public static async Task<string> BuildAndPushAsync(string tag, string platform, string content, string? dockerConfig = null)
    {
        var context = Directory.CreateTempSubdirectory("multiarch-scratch-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(context, "hello.txt"), content);
            await File.WriteAllTextAsync(Path.Combine(context, "Dockerfile"), "FROM scratch\nCOPY hello.txt /hello.txt\n");
            // --no-cache: the legacy builder otherwise reuses a FROM scratch image built for another platform.
            await HostCommand.RunCheckedAsync("docker", ["build", "--quiet", "--no-cache", "--platform", platform, "--tag", tag, context]);
            var output = (await HostCommand.RunCheckedAsync("docker", [.. Config(dockerConfig), "push", tag])).StandardOutput;

            // "TAG: digest: sha256:... size: 524"
            var digest = output.Split('\n').Select(l => l.Trim()).Last(l => l.Contains("digest: ", StringComparison.Ordinal));
            return digest[(digest.IndexOf("digest: ", StringComparison.Ordinal) + 8)..].Split(' ')[0];
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    public static async Task RemoveAsync(params string[] tags)
    {
        try
        {
            await HostCommand.RunCheckedAsync("docker", ["rmi", "--force", .. tags]);
        }
        catch (InvalidOperationException)
        {
            // Already gone: nothing to clean up.
        }
    }

    private static string[] Config(string? dockerConfig) => dockerConfig is null ? [] : ["--config", dockerConfig];
}

using System.Collections.Concurrent;
using Cake.MultiArch.Tests.Infrastructure;
using NUnit.Framework;

namespace Cake.MultiArch.Tests;

/// <summary>
/// Leaves the daemon as the run found it: at the end of the whole run, the local images tagged into the run's test
/// registries (<c>127.0.0.1:PORT/...</c>, which no longer exist) are removed. Kept until then, they serve later
/// fixtures as layer cache. The per-arch bases (<c>cake-multiarch-test/busybox</c>) stay for the next run.
/// Its namespace is the assembly's root, not its folder's: an NUnit set-up fixture wraps the tests of its namespace
/// and below, and this one must wrap them all.
/// </summary>
[SetUpFixture]
public sealed class TestImageCleanup
{
    private static readonly ConcurrentDictionary<string, byte> Registries = new(StringComparer.Ordinal);

    /// <summary>Notes a test registry whose images the run's end removes.</summary>
    /// <param name="host">Its <c>127.0.0.1:PORT</c>.</param>
    public static void Track(string host) => Registries.TryAdd(host + "/", 0);

    /// <summary>Removes the images tagged into the run's test registries.</summary>
    [OneTimeTearDown]
    public static async Task RemoveTestImagesAsync()
    {
        if (Registries.IsEmpty)
        {
            return;
        }

        // Each engine keeps images of its own: the legacy one on docker's default socket, the modern one on its socket.
        var removed = 0;
        foreach (var host in new[] { "", TestEngine.ModernHost })
        {
            try
            {
                removed += await RemoveFromAsync(new Dictionary<string, string?> { ["DOCKER_HOST"] = host.Length == 0 ? null : host });
            }
            catch (TimeoutException exception)
            {
                // Tidying, not a test: a daemon slow to remove images (the containerd image store can take minutes for
                // hundreds of tags) leaves them for the next run's clean-up instead of failing this one.
                TestContext.Progress.WriteLine($"Left some test image tags on {(host.Length == 0 ? "the default daemon" : host)}: {exception.Message}");
            }
        }

        TestContext.Progress.WriteLine($"Removed {removed} local image tags of {Registries.Count} test registries.");
    }

    private static async Task<int> RemoveFromAsync(IReadOnlyDictionary<string, string?> engine)
    {
        // An image whose tag moved on to a newer build keeps its registry name with no tag, by the digest it was pushed as.
        var listed = await HostCommand.RunAsync("docker", ["image", "ls", "--digests", "--format", "{{.Repository}} {{.Tag}} {{.Digest}}"], timeout: TimeSpan.FromMinutes(1), environment: engine);
        var tags = listed.StandardOutput
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(' '))
            .Where(image => image.Length == 3 && Registries.Keys.Any(prefix => image[0].StartsWith(prefix, StringComparison.Ordinal)))
            .Select(image => image[1] != "<none>" ? $"{image[0]}:{image[1]}" : image[2] != "<none>" ? $"{image[0]}@{image[2]}" : null)
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToArray();
        foreach (var batch in tags.Chunk(100))
        {
            // An image a leftover container still uses stays; nothing else depends on these.
            await HostCommand.RunAsync("docker", ["image", "rm", .. batch], timeout: TimeSpan.FromMinutes(2), environment: engine);
        }

        return tags.Length;
    }
}

using Cake.MultiArch.Docker;
using Cake.MultiArch.Publishing;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Reliability;

/// <summary>
/// The two states a registry killed mid-write leaves an acknowledged manifest in, made on purpose in a real
/// distribution 2.8 registry's filesystem storage between the push and the check that precedes a list: the revision
/// link is gone (the registry answers 404, and a push restores it), or the manifest's data file is empty (the registry
/// answers 500 for every read, and a push does not rewrite content it believes it has).
/// </summary>
[NonParallelizable]
public sealed class DamagedRegistryStorageSpecs : IntegrationTest
{
    private const string Repository = "damaged/app";
    private string _folder = "";

    [OneTimeSetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("reliability-damaged-").FullName;

    [OneTimeTearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public async Task A_manifest_the_registry_lost_in_a_restart_is_pushed_again_and_served()
    {
        // Given an image the registry acknowledged, whose revision link is gone after a restart
        await using var registry = await TestRegistry.StartAsync(new TestRegistryOptions { Persistent = true });
        var log = new CapturingLog();
        var pusher = Pusher(log);
        var pushed = await PushBusyboxAsync(registry, pusher);
        registry.Stop();
        Directory.Delete(Path.Combine(StorageOf(registry), "repositories", Repository, "_manifests", "revisions", "sha256", Hex(pushed.Digest)), recursive: true);
        registry.Start();
        using var api = registry.CreateApi();
        Assert.That(await api.TryGetManifestAsync(Repository, pushed.Digest), Is.Null, "the damage is in place");

        // When it is confirmed before a list
        var confirmed = await pusher.ConfirmAsync(pushed, new MultiArchToolSettings(), _folder);

        // Then it was pushed again, at the same digest, and the registry serves it
        Assert.That(confirmed, Is.EqualTo(pushed));
        Assert.That(log.Lines, Has.Some.Contains($"The registry no longer serves {pushed.ByDigest}, which its push acknowledged (HTTP 404"));
        Assert.That((await api.GetManifestAsync(Repository, pushed.Digest)).Digest, Is.EqualTo(pushed.Digest));
    }

    [Test]
    public async Task A_manifest_whose_stored_copy_is_empty_fails_before_any_list_with_the_cause_and_the_fix()
    {
        // Given an image the registry acknowledged, whose data file a kill left empty
        await using var registry = await TestRegistry.StartAsync(new TestRegistryOptions { Persistent = true });
        var log = new CapturingLog();
        var pusher = Pusher(log);
        var pushed = await PushBusyboxAsync(registry, pusher);
        registry.Stop();
        var hex = Hex(pushed.Digest);
        await File.WriteAllBytesAsync(Path.Combine(StorageOf(registry), "blobs", "sha256", hex[..2], hex, "data"), []);
        registry.Start();

        // When it is confirmed before a list
        var exception = Assert.ThrowsAsync<MultiArchException>(() => pusher.ConfirmAsync(pushed, new MultiArchToolSettings(), _folder));

        // Then the retries and the second push did not help, and the message says why and what to do
        TestContext.Out.WriteLine(exception!.Message);
        Assert.That(log.Lines.Count(l => l.Contains("failed (HTTP 500); retrying in", StringComparison.Ordinal)), Is.EqualTo(2 * 2), "two checks of three attempts");
        Assert.That(log.Lines.Count(l => l.StartsWith($"Pushed {pushed.Tag} at {pushed.Digest}", StringComparison.Ordinal)), Is.EqualTo(2), "the registry accepted the second push");
        Assert.That(exception.Message, Does.Contain("still does not serve that manifest (HTTP 500 through 3 attempts)")
            .And.Contain($"docker/registry/v2/blobs/sha256/{hex[..2]}/{hex}"));
    }

    private ArchImagePusher Pusher(CapturingLog log)
    {
        var runner = new DockerRunner(new MultiArchToolSettings(), new TestCakeEnvironment(_folder), log);
        return new ArchImagePusher(runner, log, new RetryPolicy { Attempts = 3, InitialDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(100) });
    }

    private static async Task<PushedImage> PushBusyboxAsync(TestRegistry registry, ArchImagePusher pusher)
    {
        var tag = $"{registry.Host}/{Repository}:1-amd64";
        await HostCommand.DockerAsync("tag", BusyboxBases.Repository + ":amd64", tag);
        return await pusher.PushAsync(CpuArchitecture.Amd64, [tag]);
    }

    private static string StorageOf(TestRegistry registry) => Path.Combine(registry.StorageDirectory, "docker", "registry", "v2");

    private static string Hex(string digest) => digest["sha256:".Length..];
}

using System.Text;
using System.Text.Json;
using Cake.Core.Diagnostics;
using Cake.MultiArch.Promotion;
using Cake.MultiArch.Tests.Buildx;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Promotion;

/// <summary>
/// CopyMultiArchImage between two real registries: a plain one and one with htpasswd over TLS. The source is what
/// buildx pushes on the modern engine: an OCI index of amd64 and arm64 images made from Debian's static busybox, each
/// with a provenance attestation. Every copy keeps the digest and every manifest and blob; within one registry the
/// blobs are mounted, across registries streamed; an interrupted copy leaves no tag, and running it again finishes it.
/// </summary>
[NonParallelizable]
[TestFixture(Engine.Modern)]
public sealed class CopyMultiArchImageSpecs(Engine engine) : IntegrationTest(engine)
{
    private const string User = "promoter";
    private const string Source = "staging/app";
    private readonly string _password = "Promote-" + Guid.NewGuid().ToString("N");
    private TestRegistry _plain = null!;
    private TestRegistry _locked = null!;
    private string _app = "";
    private string _config = "";
    private string _sourceDigest = "";
    private Content _content = null!;

    [OneTimeSetUp]
    public async Task PushAnAttestedListWithBuildx()
    {
        _plain = await TestRegistry.StartAsync();
        _locked = await TestRegistry.StartAsync(new TestRegistryOptions { Htpasswd = (User, _password), Tls = true });

        // Docker's stored credentials for the locked registry, as `docker login` writes them.
        _config = Directory.CreateTempSubdirectory("multiarch-copy-config-").FullName;
        var auth = Convert.ToBase64String(Encoding.UTF8.GetBytes($"{User}:{_password}"));
        await File.WriteAllTextAsync(Path.Combine(_config, "config.json"), "{\"auths\":{\"" + _locked.Host + "\":{\"auth\":\"" + auth + "\"}}}");

        // FROM scratch with each platform's static busybox: nothing is pulled and nothing runs under QEMU.
        _app = Directory.CreateTempSubdirectory("multiarch-copy-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_app, "Dockerfile"), "FROM scratch\nARG TARGETARCH\nCOPY busybox-${TARGETARCH} /bin/busybox\nCOPY stamp /stamp\n");
        File.Copy(BusyboxBases.Amd64.BusyboxPath, Path.Combine(_app, "busybox-amd64"));
        File.Copy(BusyboxBases.Arm64V8.BusyboxPath, Path.Combine(_app, "busybox-arm64"));
        await File.WriteAllTextAsync(Path.Combine(_app, "stamp"), Guid.NewGuid().ToString());
        var image = new TestCakeContext(_app).BuildxMultiArch(new BuildxMultiArchSettings
        {
            Image = $"{_plain.Host}/{Source}",
            Tag = "1.0.0-rc.1",
            Context = _app,
            Architectures = [CpuArchitecture.Amd64, CpuArchitecture.Arm64V8],
            Provenance = true,
        });
        _sourceDigest = image.Digest ?? throw new InvalidOperationException("buildx reported no digest");
        using var api = _plain.CreateApi();
        _content = await Content.ReadAsync(api, Source, "1.0.0-rc.1");
    }

    [OneTimeTearDown]
    public async Task StopRegistries()
    {
        await BuildxSpecs.RemoveLocalImagesOfAsync(_plain.Host);
        await _plain.DisposeAsync();
        await _locked.DisposeAsync();
        Directory.Delete(_app, recursive: true);
        Directory.Delete(_config, recursive: true);
    }

    [Test]
    public void The_source_is_an_index_of_two_platforms_each_with_a_provenance_attestation()
    {
        Assert.That(_content.ImageOf.Keys, Is.EquivalentTo(new[] { "linux/amd64", "linux/arm64" }));
        Assert.That(_content.Attestations, Is.EqualTo(2));
        Assert.That(_content.Manifests, Has.Count.EqualTo(5), "the index, two images, two attestations");
    }

    [Test]
    public async Task Within_one_registry_every_blob_is_mounted_and_the_target_list_has_the_source_s_digest()
    {
        // When
        var context = new TestCakeContext(_app);
        var copied = context.CopyMultiArchImage($"{_plain.Host}/{Source}:1.0.0-rc.1", $"{_plain.Host}/release/app:1.0.0");

        // Then
        Assert.That(copied.Digest, Is.EqualTo(_sourceDigest));
        Assert.That(copied.Target, Is.EqualTo($"{_plain.Host}/release/app:1.0.0"));
        Assert.That((copied.Manifests, copied.BlobsMounted, copied.BlobsCopied, copied.BlobsPresent, copied.BytesCopied),
            Is.EqualTo((5, _content.Blobs.Count, 0, 0, 0L)));
        await AssertHoldsEverythingAsync(_plain, "release/app", "1.0.0");
        Assert.That(context.Log.Entries.Where(e => e.Verbosity == Verbosity.Normal).Select(e => e.Message), Has.Some.StartsWith(
            $"Copied {_plain.Host}/release/app:1.0.0 ({_sourceDigest}) from {_plain.Host}/{Source}:1.0.0-rc.1: 5 manifests; blobs {_content.Blobs.Count} mounted"));
    }

    [Test]
    public async Task Across_registries_every_blob_is_streamed_with_the_target_s_stored_credentials_and_extra_tags_follow()
    {
        // When
        var copied = new TestCakeContext(_app).CopyMultiArchImage($"{_plain.Host}/{Source}:1.0.0-rc.1", $"{_locked.Host}/mirror/app:1.0.0", new CopyMultiArchImageSettings
        {
            ConfigDirectory = _config,
            ExtraTags = { "latest" },
        });

        // Then
        Assert.That(copied.Digest, Is.EqualTo(_sourceDigest));
        Assert.That((copied.BlobsMounted, copied.BlobsCopied, copied.BlobsPresent), Is.EqualTo((0, _content.Blobs.Count, 0)));
        Assert.That(copied.BytesCopied, Is.EqualTo(_content.Blobs.Values.Sum()));
        using var api = _locked.CreateApi();
        await AssertHoldsEverythingAsync(_locked, "mirror/app", "1.0.0");
        Assert.That((await api.GetManifestAsync("mirror/app", "latest")).Digest, Is.EqualTo(_sourceDigest));
    }

    [Test]
    public async Task Credentials_on_both_sides_a_locked_source_copies_within_its_registry_by_mounts_and_out_to_the_plain_one()
    {
        // Given the list in the locked registry
        var settings = new CopyMultiArchImageSettings { ConfigDirectory = _config };
        var context = new TestCakeContext(_app);
        context.CopyMultiArchImage($"{_plain.Host}/{Source}:1.0.0-rc.1", $"{_locked.Host}/locked/app:1", settings);

        // When it is copied within the locked registry, and from there to the plain one
        var within = context.CopyMultiArchImage($"{_locked.Host}/locked/app:1", $"{_locked.Host}/locked/promoted:1", settings);
        var outward = context.CopyMultiArchImage($"{_locked.Host}/locked/app:1", $"{_plain.Host}/from-locked/app:1", settings);

        // Then
        Assert.That((within.Digest, within.BlobsMounted, within.BlobsCopied), Is.EqualTo((_sourceDigest, _content.Blobs.Count, 0)));
        Assert.That((outward.Digest, outward.BlobsMounted, outward.BlobsCopied), Is.EqualTo((_sourceDigest, 0, _content.Blobs.Count)));
        await AssertHoldsEverythingAsync(_locked, "locked/promoted", "1");
        await AssertHoldsEverythingAsync(_plain, "from-locked/app", "1");
    }

    [Test]
    public async Task One_platform_s_image_named_by_digest_is_copied_alone_under_a_tag()
    {
        // Given the amd64 image of the list, by digest
        var amd64 = _content.ImageOf["linux/amd64"];

        // When
        var copied = new TestCakeContext(_app).CopyMultiArchImage($"{_plain.Host}/{Source}@{amd64}", $"{_plain.Host}/single/app:amd64");

        // Then the tag names that image, with its config and layers alone
        using var api = _plain.CreateApi();
        var image = await api.GetManifestAsync("single/app", "amd64");
        Assert.That((image.Digest, image.IsList, copied.Digest, copied.Manifests), Is.EqualTo((amd64, false, amd64, 1)));
        Assert.That(await api.HasBlobAsync("single/app", image.ConfigDigest!), Is.True);
        Assert.That(copied.BlobsMounted, Is.LessThan(_content.Blobs.Count));
    }

    [Test]
    public void A_missing_source_names_the_reference_and_registry_and_says_to_check_the_tag_or_push_first()
    {
        var error = Assert.Throws<MultiArchException>(() =>
            new TestCakeContext(_app).CopyMultiArchImage($"{_plain.Host}/{Source}:9.9.9", $"{_plain.Host}/release/app:9.9.9", new CopyMultiArchImageSettings { Retry = RetryPolicy.None }));

        Assert.That(error!.Message, Does.StartWith($"CopyMultiArchImage: there is no image {Source}:9.9.9 on {_plain.Host} to copy.")
            .And.Contain("Check the tag and the repository name, or push the image there first"));
    }

    [Test]
    public async Task A_target_registry_that_refuses_says_the_credentials_lack_push_and_how_to_log_in_and_tags_nothing()
    {
        // Given no stored credentials for the locked registry
        var empty = Directory.CreateTempSubdirectory("multiarch-copy-no-login-").FullName;
        try
        {
            // When
            var error = Assert.Throws<MultiArchException>(() => new TestCakeContext(_app).CopyMultiArchImage(
                $"{_plain.Host}/{Source}:1.0.0-rc.1", $"{_locked.Host}/refused/app:1", new CopyMultiArchImageSettings { ConfigDirectory = empty }));

            // Then
            Assert.That(error!.Message, Does.Contain($"could not push to {_locked.Host}/refused/app: {_locked.Host} refused")
                .And.Contain("lack push permission on refused/app").And.Contain($"`docker login {_locked.Host}`").And.Contain("MultiArchLogin")
                .And.Contain("401"));
            Assert.That(error.Message, Does.Not.Contain(_password));
            using var api = _locked.CreateApi();
            Assert.That(await api.ListTagsAsync("refused/app"), Is.Empty);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    [Test]
    public async Task An_interrupted_copy_leaves_no_target_tag_and_running_it_again_finishes_it_with_the_same_digest()
    {
        // Given a copy across registries cancelled once its first blob is in the target
        using var cancel = new CancellationTokenSource();
        var log = new CancellingLog(cancel);
        var settings = new CopyMultiArchImageSettings { ConfigDirectory = _config };
        var target = $"{_locked.Host}/interrupted/app:1.0.0";

        // When
        Assert.CatchAsync<OperationCanceledException>(() =>
            new ImageCopier(log, _app).CopyAsync($"{_plain.Host}/{Source}:1.0.0-rc.1", target, settings, cancel.Token));

        // Then no tag points at the incomplete copy, and the first blob is there
        using var api = _locked.CreateApi();
        Assert.That(await api.TryGetManifestAsync("interrupted/app", "1.0.0"), Is.Null);
        Assert.That(await api.HasBlobAsync("interrupted/app", _content.Blobs.Keys.First()), Is.True);

        // When it runs again
        var copied = new TestCakeContext(_app).CopyMultiArchImage($"{_plain.Host}/{Source}:1.0.0-rc.1", target, settings);

        // Then it skips what the first run put and finishes with the source's digest
        Assert.That(copied.Digest, Is.EqualTo(_sourceDigest));
        Assert.That(copied.BlobsPresent, Is.EqualTo(1));
        Assert.That(copied.BlobsCopied, Is.EqualTo(_content.Blobs.Count - 1));
        await AssertHoldsEverythingAsync(_locked, "interrupted/app", "1.0.0");
    }

    private async Task AssertHoldsEverythingAsync(TestRegistry registry, string repository, string tag)
    {
        using (var api = registry.CreateApi())
        {
            var list = await api.GetManifestAsync(repository, tag);
            Assert.That(list.Digest, Is.EqualTo(_sourceDigest));
            foreach (var digest in _content.Manifests)
            {
                Assert.That((await api.GetManifestAsync(repository, digest)).Digest, Is.EqualTo(digest), $"{repository} holds manifest {digest}");
            }

            foreach (var digest in _content.Blobs.Keys)
            {
                Assert.That(await api.HasBlobAsync(repository, digest), Is.True, $"{repository} holds blob {digest}");
            }
        }
    }

    // A log that cancels the copy when the first blob is reported done, so the interruption falls between blobs, always the same.
    private sealed class CancellingLog(CancellationTokenSource cancel) : ICakeLog
    {
        public Verbosity Verbosity { get; set; } = Verbosity.Diagnostic;

        public void Write(Verbosity verbosity, LogLevel level, string format, params object[] args)
        {
            var message = args.Length == 0 ? format : string.Format(System.Globalization.CultureInfo.InvariantCulture, format, args);
            TestContext.Progress.WriteLine(message);
            if (message.Contains(" blob sha256:", StringComparison.Ordinal))
            {
                cancel.Cancel();
            }
        }
    }

    // What a list holds, read with the test's own client: its manifests (the list first), blobs (digest and size, in order) and each platform's image.
    private sealed record Content(IReadOnlyList<string> Manifests, IReadOnlyDictionary<string, long> Blobs, IReadOnlyDictionary<string, string> ImageOf, int Attestations)
    {
        public static async Task<Content> ReadAsync(RegistryApi api, string repository, string tag)
        {
            var list = await api.GetManifestAsync(repository, tag);
            var manifests = new List<string> { list.Digest };
            var blobs = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var entry in list.Entries)
            {
                manifests.Add(entry.Digest);
                var image = await api.GetManifestAsync(repository, entry.Digest);
                using var document = JsonDocument.Parse(image.Json);
                var root = document.RootElement;
                foreach (var blob in new[] { root.GetProperty("config") }.Concat(root.GetProperty("layers").EnumerateArray()))
                {
                    blobs.TryAdd(blob.GetProperty("digest").GetString()!, blob.GetProperty("size").GetInt64());
                }
            }

            return new Content(manifests, blobs, list.Images.ToDictionary(i => i.Platform, i => i.Digest), list.Attestations.Count);
        }
    }
}

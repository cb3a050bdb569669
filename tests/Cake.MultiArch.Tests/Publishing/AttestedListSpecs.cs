using System.Text.Json;
using Cake.MultiArch.Building;
using Cake.MultiArch.Publishing;
using Cake.MultiArch.Registry;
using Cake.MultiArch.Tests.Infrastructure;
using Cake.MultiArch.Verification;

namespace Cake.MultiArch.Tests.Publishing;

/// <summary>
/// Lists made from what each engine pushes: on the modern engine every per-arch tag is BuildKit's OCI index of the
/// image and its provenance attestation; on 20.10 a plain Docker v2 image. Every method takes both, the list keeps
/// attestations and carries annotations where asked, and clients other than this add-in (skopeo, docker pull) read it.
/// </summary>
/// <param name="engine">The engine the per-arch images are built and pushed on.</param>
[NonParallelizable]
[TestFixture(Engine.Modern)]
[TestFixture(Engine.Legacy)]
public sealed class AttestedListSpecs(Engine engine) : IntegrationTest(engine)
{
    private const string Repository = "attested/app";
    private TestRegistry _registry = null!;
    private string _app = "";
    private List<PushedImage> _pushed = [];

    [OneTimeSetUp]
    public async Task BuildAndPushTwoArchs()
    {
        _registry = await TestRegistry.StartAsync();
        _app = Directory.CreateTempSubdirectory("multiarch-attested-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_app, "Dockerfile"), "ARG BASE\nFROM ${BASE}\nRUN uname -m > /arch\nCMD [\"cat\", \"/arch\"]\n");
        var context = new TestCakeContext(_app);
        foreach (var arch in new[] { CpuArchitecture.Amd64, CpuArchitecture.Arm32V7 })
        {
            var built = context.BuildArchImage(arch.Name, new BuildArchImageSettings
            {
                Image = $"{_registry.Host}/{Repository}",
                Tag = "1.0",
                BaseImage = BusyboxBases.ImageFor(arch.Name),
            });
            _pushed.Add(context.PushArchImage(built));
        }
    }

    [OneTimeTearDown]
    public async Task StopRegistry()
    {
        await _registry.DisposeAsync();
        Directory.Delete(_app, recursive: true);
    }

    private string List(string tag) => $"{_registry.Host}/{Repository}:{tag}";

    [Test]
    public async Task Each_per_arch_push_is_an_index_with_provenance_on_the_modern_engine_and_a_plain_image_on_20_10()
    {
        using var api = _registry.CreateApi();
        foreach (var pushed in _pushed)
        {
            var manifest = await api.GetManifestAsync(Repository, pushed.Digest);
            Assert.That(manifest.IsList, Is.EqualTo(CurrentEngine.BuildKit), pushed.Tag);
            Assert.That(manifest.Attestations, Has.Count.EqualTo(CurrentEngine.BuildKit ? 1 : 0), pushed.Tag);
        }
    }

    [Test]
    public async Task The_default_list_keeps_each_attestation_pointing_at_its_platform_and_skopeo_reads_it()
    {
        // When
        var list = new TestCakeContext(_app).PushManifest(List("default"), _pushed);

        // Then: OCI on the modern engine, with one attestation per image pointing at that image in the new list
        using var api = _registry.CreateApi();
        var index = await api.GetManifestAsync(Repository, "default");
        Assert.That(index.MediaType, Is.EqualTo(CurrentEngine.BuildKit ? MediaTypes.OciIndex : MediaTypes.DockerManifestList));
        Assert.That(index.Images.Select(i => i.Platform), Is.EquivalentTo(new[] { "linux/amd64", "linux/arm/v7" }));
        Assert.That(index.Attestations, Has.Count.EqualTo(CurrentEngine.BuildKit ? 2 : 0));
        foreach (var pushed in _pushed)
        {
            var image = await api.GetImageManifestAsync(Repository, pushed.Digest);
            var entry = index.Images.Single(i => i.Digest == image.Digest);
            Assert.That(entry.Platform, Is.EqualTo(pushed.Architecture!.Platform));
            if (CurrentEngine.BuildKit)
            {
                var original = (await api.GetManifestAsync(Repository, pushed.Digest)).Attestations.Single();
                var kept = index.Attestations.Single(a => a.AttestedDigest == image.Digest);
                Assert.That(kept.Digest, Is.EqualTo(original.Digest), "the attestation is the one BuildKit pushed for this platform");
            }
        }

        Assert.That(list.Attestations, Is.EqualTo(index.Attestations.Count));
        var raw = await HostCommand.RunCheckedAsync("skopeo", ["inspect", "--raw", "--tls-verify=false", $"docker://{List("default")}"]);
        using var document = JsonDocument.Parse(raw.StandardOutput);
        Assert.That(document.RootElement.GetProperty("manifests").GetArrayLength(), Is.EqualTo(index.Entries.Count));
        Assert.That(
            document.RootElement.GetProperty("manifests").EnumerateArray().Count(m => m.GetProperty("platform").GetProperty("architecture").GetString() == "unknown"),
            Is.EqualTo(index.Attestations.Count));
    }

    [Test]
    public async Task The_docker_manifest_method_takes_the_per_arch_indexes_by_their_platform_image()
    {
        // When the classic `docker manifest` method is asked for explicitly
        var context = new TestCakeContext(_app);
        var list = context.PushManifest(List("classic"), _pushed, new PushManifestSettings { ManifestMethod = ManifestMethod.DockerManifest });

        // Then it lists the platforms' images (no "is a manifest list"), typed after them, and says what it left out
        using var api = _registry.CreateApi();
        var index = await api.GetManifestAsync(Repository, "classic");
        Assert.That(index.Digest, Is.EqualTo(list.Digest));
        Assert.That(index.MediaType, Is.EqualTo(CurrentEngine.BuildKit ? MediaTypes.OciIndex : MediaTypes.DockerManifestList));
        Assert.That(index.Attestations, Is.Empty);
        foreach (var pushed in _pushed)
        {
            var image = await api.GetImageManifestAsync(Repository, pushed.Digest);
            Assert.That(index.Images.Select(i => i.Digest), Does.Contain(image.Digest));
        }

        Assert.That(context.Log.Lines.Any(m => m.Contains("leaves out their 2 attestations", StringComparison.Ordinal)), Is.EqualTo(CurrentEngine.BuildKit));
    }

    [Test]
    public async Task Extra_list_tags_are_pushed_as_the_same_list_by_docker_manifest()
    {
        var list = new TestCakeContext(_app).PushManifest(List("1.0-extra"), _pushed, new PushManifestSettings
        {
            ManifestMethod = ManifestMethod.DockerManifest,
            ExtraTags = { "latest-extra" },
        });

        using var api = _registry.CreateApi();
        Assert.That((await api.GetManifestAsync(Repository, "1.0-extra")).Digest, Is.EqualTo(list.Digest));
        Assert.That((await api.GetManifestAsync(Repository, "latest-extra")).Digest, Is.EqualTo(list.Digest));
    }

    [Test]
    public void A_failed_docker_manifest_push_removes_the_local_list_and_names_the_fix()
    {
        // Given a docker whose `manifest push` is refused as an unauthenticated one is
        var context = new TestCakeContext(_app);
        var docker = Reliability.DockerWrapper.Write(
            Path.Combine(_app, "docker-refusing-manifest-push"),
            "if [ \"$1\" = manifest ] && [ \"$2\" = push ]; then echo 'unauthorized: authentication required' >&2; exit 1; fi");

        // When
        var error = Assert.Throws<MultiArchException>(() => context.PushManifest(List("refused"), _pushed, new PushManifestSettings
        {
            ManifestMethod = ManifestMethod.DockerManifest,
            ToolPath = docker,
            Retry = RetryPolicy.None,
        }));

        // Then the message says to log in, and the local list is gone (a later run starts from nothing)
        Assert.That(error!.Message, Does.Contain("Log in first with MultiArchLogin"));
        var commands = context.Log.Lines.Where(l => l.StartsWith($"> {docker} manifest", StringComparison.Ordinal)).ToArray();
        Assert.That(commands[^1], Does.StartWith($"> {docker} manifest rm {List("refused")}"));
        var inspect = HostCommand.RunAsync("docker", ["manifest", "inspect", "--insecure", List("refused")]).GetAwaiter().GetResult();
        Assert.That(inspect.Succeeded, Is.False, "neither a local nor a pushed list exists");
    }

    [Test]
    public async Task KeepAttestations_off_lists_the_images_alone()
    {
        var list = new TestCakeContext(_app).PushManifest(List("bare"), _pushed, new PushManifestSettings { KeepAttestations = false, ManifestMethod = ManifestMethod.Registry });

        using var api = _registry.CreateApi();
        var index = await api.GetManifestAsync(Repository, "bare");
        Assert.That(index.Attestations, Is.Empty);
        Assert.That(index.Images, Has.Count.EqualTo(2));
        Assert.That(list.Attestations, Is.Zero);
    }

    [Test]
    public async Task Index_and_platform_annotations_are_written_on_an_OCI_index()
    {
        // When
        new TestCakeContext(_app).PushManifest(List("annotated"), _pushed, new PushManifestSettings
        {
            Annotations = { ["org.opencontainers.image.source"] = "https://example.org/app", ["org.opencontainers.image.version"] = "1.0" },
            PlatformAnnotations = { [CpuArchitecture.Arm32V7] = new Dictionary<string, string> { ["com.example.board"] = "raspberrypi2" } },
        });

        // Then (on 20.10 too: annotations make the list an OCI index over Docker v2 images)
        using var api = _registry.CreateApi();
        var index = await api.GetManifestAsync(Repository, "annotated");
        Assert.That(index.MediaType, Is.EqualTo(MediaTypes.OciIndex));
        Assert.That(index.Annotations["org.opencontainers.image.source"], Is.EqualTo("https://example.org/app"));
        Assert.That(index.Images.Single(i => i.Platform == "linux/arm/v7").Annotations["com.example.board"], Is.EqualTo("raspberrypi2"));
        Assert.That(index.Images.Single(i => i.Platform == "linux/amd64").Annotations, Is.Empty);
    }

    [Test]
    public void Annotations_on_a_Docker_list_are_refused_with_the_fix_and_nothing_is_pushed()
    {
        var error = Assert.Throws<MultiArchException>(() => new TestCakeContext(_app).PushManifest(List("docker-annotated"), _pushed, new PushManifestSettings
        {
            Format = ManifestListFormat.DockerManifestList,
            Annotations = { ["org.opencontainers.image.version"] = "1.0" },
        }));

        Assert.That(error!.Message, Does.Contain("only an OCI image index carries annotations").And.Contain("Auto"));
        using var api = _registry.CreateApi();
        Assert.That(api.TryGetManifestAsync(Repository, "docker-annotated").GetAwaiter().GetResult(), Is.Null);
    }

    [Test]
    public void A_Docker_list_is_refused_over_BuildKit_images_and_written_over_Docker_v2_ones()
    {
        var context = new TestCakeContext(_app);
        var settings = new PushManifestSettings { ManifestMethod = ManifestMethod.Registry, Format = ManifestListFormat.DockerManifestList, KeepAttestations = false };

        if (CurrentEngine.BuildKit)
        {
            var error = Assert.Throws<MultiArchException>(() => context.PushManifest(List("docker-list"), _pushed, settings));
            Assert.That(error!.Message, Does.Contain("OCI image manifest").And.Contain("Leave Format at Auto"));
        }
        else
        {
            Assert.That(context.PushManifest(List("docker-list"), _pushed, settings).Digest, Does.StartWith("sha256:"));
        }
    }

    [Test]
    public void A_second_identical_push_is_left_unchanged()
    {
        var context = new TestCakeContext(_app);
        var first = context.PushManifest(List("again"), _pushed);

        var second = context.PushManifest(List("again"), _pushed);

        Assert.That(first.Unchanged, Is.False);
        Assert.That(second.Unchanged, Is.True);
        Assert.That(second.Digest, Is.EqualTo(first.Digest));
    }

    [Test]
    public void VerifyManifest_counts_each_attestation_on_its_image_and_never_shows_unknown()
    {
        var context = new TestCakeContext(_app);
        context.PushManifest(List("verified"), _pushed);

        var verified = context.VerifyManifest(List("verified"), new VerifyManifestSettings
        {
            ExpectedArchitectures = [CpuArchitecture.Amd64, CpuArchitecture.Arm32V7],
            RunCommand = ["cat", "/arch"],
        });

        Assert.That(verified.Entries.Select(e => e.Platform), Is.EquivalentTo(new[] { "linux/amd64", "linux/arm/v7" }));
        Assert.That(verified.Entries.Select(e => e.Attestations.Count), Is.All.EqualTo(CurrentEngine.BuildKit ? 1 : 0));
        Assert.That(verified.Entries.Single(e => e.Architecture == CpuArchitecture.Arm32V7).Output, Is.EqualTo("armv7l"));
        Assert.That(context.Log.Lines.Where(m => m.Contains("Verified", StringComparison.Ordinal)), Is.Not.Empty.And.All.Not.Contain("unknown"));
    }

    [Test]
    public async Task VerifyManifest_refuses_an_attestation_that_points_at_no_entry()
    {
        // Given a list whose attestation names an image that is not in it, written straight to the registry (on 20.10,
        // which makes no attestations, the image manifest itself stands in for one)
        using var api = _registry.CreateApi();
        var amd = _pushed.Single(p => p.Architecture == CpuArchitecture.Amd64);
        var pushed = await api.GetManifestAsync(Repository, amd.Digest);
        var image = await api.GetImageManifestAsync(Repository, amd.Digest);
        var (attestationDigest, attestationType, attestationSize) = pushed.IsList
            ? (pushed.Attestations.Single().Digest, pushed.Attestations.Single().MediaType, pushed.Attestations.Single().Size)
            : (image.Digest, image.MediaType, (long)System.Text.Encoding.UTF8.GetByteCount(image.Json));
        var stray = "sha256:" + new string('f', 64);
        var json =
            $"{{\"schemaVersion\":2,\"mediaType\":\"{MediaTypes.OciIndex}\",\"manifests\":[" +
            $"{{\"mediaType\":\"{image.MediaType}\",\"digest\":\"{image.Digest}\",\"size\":{System.Text.Encoding.UTF8.GetByteCount(image.Json)},\"platform\":{{\"architecture\":\"amd64\",\"os\":\"linux\"}}}}," +
            $"{{\"mediaType\":\"{attestationType}\",\"digest\":\"{attestationDigest}\",\"size\":{attestationSize},\"annotations\":{{\"vnd.docker.reference.digest\":\"{stray}\",\"vnd.docker.reference.type\":\"attestation-manifest\"}},\"platform\":{{\"architecture\":\"unknown\",\"os\":\"unknown\"}}}}]}}";
        await api.PutManifestAsync(Repository, "stray", MediaTypes.OciIndex, json);

        // When
        var error = Assert.Throws<MultiArchException>(() => new TestCakeContext(_app).VerifyManifest(List("stray"), new VerifyManifestSettings
        {
            ExpectedArchitectures = [CpuArchitecture.Amd64],
        }));

        // Then
        Assert.That(error!.Message, Does.Contain($"the attestation {attestationDigest} points at {stray}, which is no entry of the list"));
    }
}

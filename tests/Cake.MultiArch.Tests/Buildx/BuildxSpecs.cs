using System.Text.Json;
using Cake.MultiArch.Buildx;
using Cake.MultiArch.Publishing;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Buildx;

/// <summary>
/// BuildxMultiArch, BuildxCreateBuilder and the imagetools list method against the real buildx plugin on dockerd 26
/// (containerd image store, buildx's docker driver) and a loopback registry, read back with skopeo and the registry API.
/// The image is FROM scratch with a file per TARGETARCH and TARGETVARIANT, so nothing is pulled and no step runs under QEMU.
/// </summary>
[NonParallelizable]
[TestFixture(Infrastructure.Engine.Modern)]
public sealed class BuildxSpecs(Engine engine) : IntegrationTest(engine)
{
    private const string AttestationType = "attestation-manifest";

    private TestRegistry _registry = null!;
    private string _app = "";
    private string _scanner = "";

    [OneTimeSetUp]
    public async Task StartRegistryAndWriteApp()
    {
        _registry = await TestRegistry.StartAsync();
        _app = Directory.CreateTempSubdirectory("multiarch-buildx-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_app, "Dockerfile"), "FROM scratch\nARG TARGETARCH\nARG TARGETVARIANT\nCOPY arch-${TARGETARCH}${TARGETVARIANT} /arch\n");
        foreach (var name in new[] { "amd64", "armv6", "armv7", "arm64" })
        {
            await File.WriteAllTextAsync(Path.Combine(_app, "arch-" + name), name + "\n");
        }

        _scanner = await PushStandInScannerAsync();
    }

    [OneTimeTearDown]
    public async Task StopRegistry()
    {
        // buildx's docker driver keeps what it pushed in the engine's image store as well; the run's end cleans only
        // the legacy engine, so the fixture removes its images while its engine is still selected.
        await RemoveLocalImagesOfAsync(_registry.Host);
        await _registry.DisposeAsync();
        Directory.Delete(_app, recursive: true);
    }

    private BuildxMultiArchSettings Settings(string repository, Action<BuildxMultiArchSettings>? change = null)
    {
        var settings = new BuildxMultiArchSettings { Image = $"{_registry.Host}/{repository}", Tag = "1", Context = _app };
        change?.Invoke(settings);
        return settings;
    }

    [Test]
    public async Task Pushes_every_platform_in_one_index_with_a_provenance_attestation_for_each()
    {
        // Given the classic four platforms and provenance on
        var context = new TestCakeContext(_app);

        // When buildx builds and pushes them in one command
        var image = context.BuildxMultiArch(Settings("buildx/app", s => s.Provenance = true));

        // Then skopeo reads an OCI index at the reported digest with the four platforms, each image's config records its
        // platform, and each image has an attestation manifest that points at it
        var index = await SkopeoRawAsync("buildx/app:1");
        Assert.That(index.GetProperty("mediaType").GetString(), Is.EqualTo(MediaTypes.OciIndex));
        using var api = _registry.CreateApi();
        Assert.That((await api.GetManifestAsync("buildx/app", "1")).Digest, Is.EqualTo(image.Digest));
        var images = Images(index);
        Assert.That(images.Select(i => i.Platform), Is.EqualTo(new[] { "linux/amd64", "linux/arm/v6", "linux/arm/v7", "linux/arm64" }));
        foreach (var (digest, platform) in images)
        {
            var manifest = await api.GetManifestAsync("buildx/app", digest);
            var config = await api.GetConfigAsync("buildx/app", manifest.ConfigDigest!);
            Assert.That(config.Variant is null ? $"{config.Os}/{config.Architecture}" : $"{config.Os}/{config.Architecture}/{config.Variant}", Is.EqualTo(platform));
        }

        var attestations = Attestations(index);
        Assert.That(attestations.Select(a => a.Subject), Is.EquivalentTo(images.Select(i => i.Digest)));
        Assert.That(attestations.Select(a => a.Platform), Is.All.EqualTo("unknown/unknown"));
        Assert.That(image.Tags, Is.EqualTo(new[] { $"{_registry.Host}/buildx/app:1" }));
        Assert.That(image.ToString(), Is.EqualTo($"{_registry.Host}/buildx/app:1 ({image.Digest}) for linux/amd64, linux/arm/v6, linux/arm/v7, linux/arm64"));
    }

    [Test]
    public async Task Provenance_off_pushes_no_attestation_manifests()
    {
        var context = new TestCakeContext(_app);

        context.BuildxMultiArch(Settings("plain/app", s =>
        {
            s.Architectures = [CpuArchitecture.Amd64, CpuArchitecture.Arm64V8];
            s.Provenance = false;
        }));

        var index = await SkopeoRawAsync("plain/app:1");
        Assert.That(Images(index).Select(i => i.Platform), Is.EqualTo(new[] { "linux/amd64", "linux/arm64" }));
        Assert.That(Attestations(index), Is.Empty);
        Assert.That(index.GetProperty("manifests").GetArrayLength(), Is.EqualTo(2));
    }

    [Test]
    public async Task An_sbom_made_by_a_reachable_scanner_is_attached_as_an_in_toto_spdx_attestation()
    {
        // Given a scanner image in the loopback registry (a stand-in that speaks BuildKit's SBOM protocol, as
        // docker/buildkit-syft-scanner does, but writes a fixed SPDX document)
        var context = new TestCakeContext(_app);

        // When
        context.BuildxMultiArch(Settings("sbom/app", s =>
        {
            s.Architectures = [CpuArchitecture.Amd64, CpuArchitecture.Arm32V7];
            s.Provenance = false;
            s.SbomGenerator = _scanner;
        }));

        // Then each image has an attestation manifest whose layer is an in-toto statement with the SPDX predicate
        var index = await SkopeoRawAsync("sbom/app:1");
        var attestations = Attestations(index);
        Assert.That(attestations.Select(a => a.Subject), Is.EquivalentTo(Images(index).Select(i => i.Digest)));
        foreach (var attestation in attestations)
        {
            var manifest = await SkopeoRawAsync("sbom/app@" + attestation.Digest);
            var predicates = manifest.GetProperty("layers").EnumerateArray()
                .Select(l => (l.GetProperty("mediaType").GetString(), l.GetProperty("annotations").GetProperty("in-toto.io/predicate-type").GetString()));
            Assert.That(predicates, Is.EqualTo(new[] { ("application/vnd.in-toto+json", "https://spdx.dev/Document") }));
        }
    }

    [Test]
    public void An_sbom_with_buildkit_s_default_scanner_fails_offline_naming_the_scanner_and_the_fix()
    {
        // Given a host that reaches no Docker Hub, where BuildKit's default scanner image lives
        var context = new TestCakeContext(_app);

        // When
        var exception = Assert.Throws<MultiArchException>(() => context.BuildxMultiArch(Settings("sbom/default", s =>
        {
            s.Architectures = [CpuArchitecture.Amd64];
            s.Sbom = true;
        })));

        // Then
        Assert.That(exception!.Message, Does.StartWith("`docker buildx build` failed")
            .And.Contain("scanner image docker/buildkit-syft-scanner, and could not get it from Docker Hub")
            .And.Contain("set SbomGenerator to that copy")
            .And.Contain("Sbom = false"));
    }

    [Test]
    public void An_sbom_scanner_that_is_not_in_the_registry_is_named_in_the_failure()
    {
        var context = new TestCakeContext(_app);
        var absent = $"{_registry.Host}/mirror/buildkit-syft-scanner:absent";

        var exception = Assert.Throws<MultiArchException>(() => context.BuildxMultiArch(Settings("sbom/absent", s =>
        {
            s.Architectures = [CpuArchitecture.Amd64];
            s.SbomGenerator = absent;
        })));

        Assert.That(exception!.Message, Does.Contain($"scanner image {absent}, and could not get it.").And.Contain("set SbomGenerator to that copy"));
    }

    [Test]
    public async Task A_registry_cache_is_exported_to_the_registry_and_imported_by_the_next_build()
    {
        // Given a first build that exports its cache to the loopback registry
        var cache = $"{_registry.Host}/cache/app:buildcache";
        new TestCakeContext(_app).BuildxMultiArch(Settings("cache/app", s =>
        {
            s.Architectures = [CpuArchitecture.Amd64, CpuArchitecture.Arm64V8];
            s.CacheTo = [$"type=registry,ref={cache},mode=max"];
        }));

        // When a second build of another tag reads it
        var second = new TestCakeContext(_app);
        second.BuildxMultiArch(Settings("cache/app", s =>
        {
            s.Tag = "2";
            s.Architectures = [CpuArchitecture.Amd64, CpuArchitecture.Arm64V8];
            s.CacheFrom = [$"type=registry,ref={cache}"];
        }));

        // Then the registry holds BuildKit's cache index (its cache config and the layers), and the second build imported it
        var index = await SkopeoRawAsync("cache/app:buildcache");
        Assert.That(index.GetProperty("manifests").EnumerateArray().Select(m => m.GetProperty("mediaType").GetString()),
            Has.Some.EqualTo("application/vnd.buildkit.cacheconfig.v0").And.Some.EqualTo("application/vnd.oci.image.layer.v1.tar+gzip"));
        Assert.That(second.Log.Lines, Has.Some.Contains($"importing cache manifest from {cache}"));
        Assert.That(second.Log.Lines, Has.None.Contains("failed to configure registry cache importer"));
    }

    [Test]
    public async Task Imagetools_joins_per_arch_pushes_of_the_modern_engine_into_one_list()
    {
        // Given each arch built and pushed on its own; the modern engine pushes each as an OCI index with an attestation
        var context = new TestCakeContext(_app);
        var pushed = new List<PushedImage>();
        foreach (var arch in new[] { CpuArchitecture.Amd64, CpuArchitecture.Arm32V7, CpuArchitecture.Arm64V8 })
        {
            var tag = $"{_registry.Host}/tools/app:1-{arch.Name}";
            await HostCommand.DockerAsync("build", "--quiet", "--platform", arch.Platform, "--tag", tag, _app);
            pushed.Add(context.PushArchImage(tag, arch, new PushArchImageSettings()));
        }

        var single = await SkopeoRawAsync("tools/app:1-amd64");
        Assert.That(single.GetProperty("mediaType").GetString(), Is.EqualTo(MediaTypes.OciIndex));

        // When buildx's imagetools makes the list
        var list = context.PushManifest($"{_registry.Host}/tools/app:1", pushed, new PushManifestSettings { ManifestMethod = ManifestMethod.BuildxImagetools });

        // Then the registry's list has each platform's image (and the attestations the pushes carried), at the reported digest
        var index = await SkopeoRawAsync("tools/app:1");
        using var api = _registry.CreateApi();
        Assert.That((await api.GetManifestAsync("tools/app", "1")).Digest, Is.EqualTo(list.Digest));
        Assert.That(Images(index).Select(i => i.Platform), Is.EquivalentTo(new[] { "linux/amd64", "linux/arm/v7", "linux/arm64" }));
        Assert.That(Attestations(index), Has.Count.EqualTo(3));
    }

    /// <summary>Removes every local image of the selected engine that is tagged into a registry (its <c>127.0.0.1:PORT</c>).</summary>
    /// <param name="registryHost">The registry's <c>127.0.0.1:PORT</c>.</param>
    internal static async Task RemoveLocalImagesOfAsync(string registryHost)
    {
        var listed = await HostCommand.RunAsync("docker", ["image", "ls", "--format", "{{.Repository}}:{{.Tag}}"]);
        var tags = listed.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(t => t.StartsWith(registryHost + "/", StringComparison.Ordinal) && !t.EndsWith(":<none>", StringComparison.Ordinal))
            .ToArray();
        if (tags.Length > 0)
        {
            await HostCommand.RunAsync("docker", ["image", "rm", .. tags]);
        }
    }

    private async Task<JsonElement> SkopeoRawAsync(string reference)
    {
        var result = await HostCommand.RunCheckedAsync("skopeo", ["inspect", "--raw", "--tls-verify=false", $"docker://{_registry.Host}/{reference}"]);
        using var document = JsonDocument.Parse(result.StandardOutput);
        return document.RootElement.Clone();
    }

    private static IReadOnlyList<(string Digest, string Platform)> Images(JsonElement index) =>
        index.GetProperty("manifests").EnumerateArray()
            .Where(m => AnnotationOf(m, "vnd.docker.reference.type") != AttestationType)
            .Select(m => (m.GetProperty("digest").GetString()!, PlatformOf(m)))
            .ToArray();

    private static IReadOnlyList<(string Digest, string Subject, string Platform)> Attestations(JsonElement index) =>
        index.GetProperty("manifests").EnumerateArray()
            .Where(m => AnnotationOf(m, "vnd.docker.reference.type") == AttestationType)
            .Select(m => (m.GetProperty("digest").GetString()!, AnnotationOf(m, "vnd.docker.reference.digest")!, PlatformOf(m)))
            .ToArray();

    private static string? AnnotationOf(JsonElement entry, string name) =>
        entry.TryGetProperty("annotations", out var annotations) && annotations.TryGetProperty(name, out var value) ? value.GetString() : null;

    private static string PlatformOf(JsonElement entry)
    {
        var platform = entry.GetProperty("platform");
        var text = $"{platform.GetProperty("os").GetString()}/{platform.GetProperty("architecture").GetString()}";
        return platform.TryGetProperty("variant", out var variant) ? $"{text}/{variant.GetString()}" : text;
    }

    /// <summary>
    /// Pushes a tiny SBOM scanner for BuildKit's protocol: it runs with BUILDKIT_SCAN_DESTINATION set and writes one
    /// in-toto statement with an SPDX predicate there. Made of the amd64 static busybox, FROM scratch.
    /// </summary>
    private async Task<string> PushStandInScannerAsync()
    {
        var directory = Directory.CreateTempSubdirectory("multiarch-scanner-").FullName;
        try
        {
            File.Copy(BusyboxBases.Amd64.BusyboxPath, Path.Combine(directory, "busybox"));
            await File.WriteAllTextAsync(Path.Combine(directory, "scan.sh"),
                "/bin/busybox mkdir -p \"$BUILDKIT_SCAN_DESTINATION\"\n" +
                "echo '{\"_type\":\"https://in-toto.io/Statement/v0.1\",\"predicateType\":\"https://spdx.dev/Document\"," +
                "\"predicate\":{\"spdxVersion\":\"SPDX-2.3\",\"SPDXID\":\"SPDXRef-DOCUMENT\",\"name\":\"stand-in\",\"packages\":[]}}' " +
                "> \"$BUILDKIT_SCAN_DESTINATION/sbom.spdx.json\"\n");
            await File.WriteAllTextAsync(Path.Combine(directory, "Dockerfile"),
                "FROM scratch\nCOPY --chmod=755 busybox /bin/busybox\nCOPY scan.sh /scan.sh\nENTRYPOINT [\"/bin/busybox\", \"sh\", \"/scan.sh\"]\n");
            var tag = $"{_registry.Host}/mirror/sbom-scanner:1";
            await HostCommand.DockerAsync("buildx", "build", "--platform", "linux/amd64", "--provenance=false", "--tag", tag, "--push", directory);
            return tag;
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}

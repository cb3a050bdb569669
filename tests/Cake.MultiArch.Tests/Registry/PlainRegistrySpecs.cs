using Cake.MultiArch.Tests.Infrastructure;
using System.Text;
using Cake.MultiArch.Registry;
using NUnit.Framework;

namespace Cake.MultiArch.Tests.Registry;

/// <summary>The client against a real plain HTTP registry, with images pushed by the real docker CLI.</summary>
[TestFixture]
[NonParallelizable]
public sealed class PlainRegistrySpecs : IntegrationTest
{
    private const string Repository = "multiarch/hello";
    private TestRegistry _registry = null!;
    private RegistryClient _client = null!;
    private string _arm64Digest = null!;
    private string _amd64Digest = null!;

    [OneTimeSetUp]
    public async Task StartRegistryAndPushImages()
    {
        _registry = await TestRegistry.StartAsync();
        var content = "hello " + Guid.NewGuid();
        _arm64Digest = await ScratchImages.BuildAndPushAsync($"{_registry.Host}/{Repository}:arm64v8", "linux/arm64", content);
        _amd64Digest = await ScratchImages.BuildAndPushAsync($"{_registry.Host}/{Repository}:amd64", "linux/amd64", content);
        _client = new RegistryClient(new RegistryClientSettings { Registry = _registry.Host, PlainHttp = true });
    }

    [OneTimeTearDown]
    public async Task StopRegistry()
    {
        _client?.Dispose();
        if (_registry is not null)
        {
            await ScratchImages.RemoveAsync($"{_registry.Host}/{Repository}:arm64v8", $"{_registry.Host}/{Repository}:amd64");
            _registry.Dispose();
        }
    }

    [Test]
    public void A_running_registry_answers_the_ping()
    {
        Assert.DoesNotThrowAsync(() => _client.PingAsync());
    }

    [Test]
    public async Task Reads_the_manifest_and_config_docker_pushed()
    {
        // When
        var manifest = await _client.GetManifestAsync(Repository, "arm64v8");
        var platform = await _client.GetImagePlatformAsync(Repository, manifest);

        // Then
        Assert.That(manifest.MediaType, Is.EqualTo(ManifestMediaTypes.DockerManifest));
        Assert.That(manifest.Digest, Is.EqualTo(_arm64Digest), "the digest docker push printed");
        Assert.That(manifest.Size, Is.EqualTo(manifest.Bytes.Length));
        Assert.That(manifest.Config!.MediaType, Is.EqualTo(ManifestMediaTypes.DockerImageConfig));
        Assert.That(platform.Os, Is.EqualTo("linux"));
        Assert.That(platform.Architecture, Is.EqualTo("arm64"));
        Assert.That(platform.ToArchitecture(), Is.EqualTo(CpuArchitecture.Arm64V8));
    }

    [Test]
    public async Task Reads_a_manifest_by_digest()
    {
        var manifest = await _client.GetManifestAsync(Repository, _amd64Digest);

        Assert.That(manifest.Digest, Is.EqualTo(_amd64Digest));
        Assert.That((await _client.GetImagePlatformAsync(Repository, manifest)).ToArchitecture(), Is.EqualTo(CpuArchitecture.Amd64));
    }

    [Test]
    public async Task Head_tells_the_digest_of_a_tag_and_null_for_a_missing_one()
    {
        var head = await _client.HeadManifestAsync(Repository, "amd64");

        Assert.That(head!.Digest, Is.EqualTo(_amd64Digest));
        Assert.That(head.MediaType, Is.EqualTo(ManifestMediaTypes.DockerManifest));
        Assert.That(await _client.HeadManifestAsync(Repository, "no-such-tag"), Is.Null);
    }

    [Test]
    public async Task Lists_tags()
    {
        var tags = await _client.ListTagsAsync(Repository);

        Assert.That(tags, Is.SupersetOf(new[] { "amd64", "arm64v8" }));
    }

    [TestCase(ManifestListFormat.DockerManifestList)]
    [TestCase(ManifestListFormat.OciImageIndex)]
    public async Task Pushes_a_manifest_list_of_two_architectures_and_reads_it_back(ManifestListFormat format)
    {
        // Given
        var amd64 = await _client.GetManifestAsync(Repository, "amd64");
        var arm64 = await _client.GetManifestAsync(Repository, "arm64v8");
        var list = ManifestListBuilder.Build([ManifestListEntry.From(amd64, CpuArchitecture.Amd64), ManifestListEntry.From(arm64, CpuArchitecture.Arm64V8)], format);
        var tag = "multi-" + format.ToString().ToLowerInvariant();

        // When
        var digest = await _client.PutManifestAsync(Repository, tag, list.MediaType, list.Bytes);
        var read = await _client.GetManifestAsync(Repository, tag);

        // Then
        Assert.That(digest, Is.EqualTo(list.Digest));
        Assert.That(read.MediaType, Is.EqualTo(ManifestListBuilder.MediaTypeOf(format)));
        Assert.That(read.Bytes, Is.EqualTo(list.Bytes));
        Assert.That(read.Manifests.Select(m => (m.Digest, m.Platform!.ToArchitecture())),
            Is.EqualTo(new[] { (_amd64Digest, (CpuArchitecture?)CpuArchitecture.Amd64), (_arm64Digest, CpuArchitecture.Arm64V8) }));

        // skopeo shares no code with this client or docker: it must see the same bytes.
        var raw = await HostCommand.RunCheckedAsync("skopeo", ["inspect", "--raw", "--tls-verify=false", $"docker://{_registry.Host}/{Repository}:{tag}"]);
        Assert.That(raw.StandardOutput.TrimEnd('\n'), Is.EqualTo(Encoding.UTF8.GetString(list.Bytes)));
    }

    [Test]
    public async Task Resolves_an_index_with_an_attestation_entry_to_its_image()
    {
        // Given: an index like BuildKit's, whose second entry is an unknown/unknown attestation.
        var json =
            $"{{\"schemaVersion\":2,\"mediaType\":\"{ManifestMediaTypes.OciImageIndex}\",\"manifests\":[" +
            $"{{\"mediaType\":\"{ManifestMediaTypes.DockerManifest}\",\"digest\":\"{_amd64Digest}\",\"size\":{(await _client.GetManifestAsync(Repository, "amd64")).Size}," +
            "\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}," +
            $"{{\"mediaType\":\"{ManifestMediaTypes.DockerManifest}\",\"digest\":\"{_arm64Digest}\",\"size\":{(await _client.GetManifestAsync(Repository, "arm64v8")).Size}," +
            "\"platform\":{\"architecture\":\"unknown\",\"os\":\"unknown\"}," +
            "\"annotations\":{\"vnd.docker.reference.type\":\"attestation-manifest\"}}]}";
        await _client.PutManifestAsync(Repository, "with-attestation", ManifestMediaTypes.OciImageIndex, Encoding.UTF8.GetBytes(json));
        var index = await _client.GetManifestAsync(Repository, "with-attestation");

        // When
        var image = await PlatformManifestResolver.ResolveAsync(_client, Repository, index, null);

        // Then
        Assert.That(image.Digest, Is.EqualTo(_amd64Digest));
        var list = ManifestListBuilder.Build([ManifestListEntry.From(image, CpuArchitecture.Amd64)], ManifestListFormat.OciImageIndex);
        Assert.That(Encoding.UTF8.GetString(list.Bytes), Does.Not.Contain("unknown"));
    }

    [Test]
    public void A_missing_tag_names_the_registry_repository_tag_and_the_fix()
    {
        var exception = Assert.ThrowsAsync<MultiArchException>(() => _client.GetManifestAsync(Repository, "9.9"));

        Assert.That(exception!.Message, Does.Contain($"Reading manifest {Repository}:9.9 on registry {_registry.Host} failed: HTTP 404")
            .And.Contain("MANIFEST_UNKNOWN").And.Contain("push the image first"));
    }

    [Test]
    public void An_unknown_repository_names_the_repository_and_the_fix()
    {
        var exception = Assert.ThrowsAsync<MultiArchException>(() => _client.ListTagsAsync("nobody/here"));

        Assert.That(exception!.Message, Does.Contain("NAME_UNKNOWN").And.Contain("'nobody/here' does not exist").And.Contain("push an image to it first"));
    }

    [Test]
    public void A_manifest_list_referring_to_a_missing_image_is_refused_with_the_fix()
    {
        var list = ManifestListBuilder.Build(
            [new ManifestListEntry("sha256:" + new string('0', 64), 500, ManifestMediaTypes.DockerManifest, CpuArchitecture.Arm32V7)],
            ManifestListFormat.DockerManifestList);

        var exception = Assert.ThrowsAsync<MultiArchException>(() => _client.PutManifestAsync(Repository, "broken", list.MediaType, list.Bytes));

        Assert.That(exception!.Message, Does.Contain("Pushing manifest multiarch/hello:broken").And.Contain("HTTP 400")
            .And.Contain("push every per-architecture image"));
    }

    [Test]
    public void Https_against_a_plain_http_registry_says_to_set_Insecure()
    {
        using var client = new RegistryClient(new RegistryClientSettings { Registry = _registry.Host });

        var exception = Assert.ThrowsAsync<MultiArchException>(() => client.PingAsync());

        Assert.That(exception!.Message, Does.Contain("speaks plain HTTP, but the client expected HTTPS").And.Contain("Insecure = true"));
    }

    [Test]
    public void A_closed_port_asks_whether_the_registry_is_running()
    {
        var port = LoopbackPort.Free();

        using var client = new RegistryClient(new RegistryClientSettings { Registry = $"127.0.0.1:{port}", PlainHttp = true });

        var exception = Assert.ThrowsAsync<MultiArchException>(() => client.PingAsync());

        Assert.That(exception!.Message, Does.Contain($"connection refused at 127.0.0.1:{port}").And.Contain($"Is the registry running and listening on port {port}"));
    }

    [Test]
    public void A_host_that_does_not_resolve_is_named()
    {
        using var client = new RegistryClient(new RegistryClientSettings { Registry = "no-such-registry.invalid:5000", PlainHttp = true });

        var exception = Assert.ThrowsAsync<MultiArchException>(() => client.GetManifestAsync("app", "1.0"));

        Assert.That(exception!.Message, Does.Contain("the host 'no-such-registry.invalid' does not resolve"));
    }
}

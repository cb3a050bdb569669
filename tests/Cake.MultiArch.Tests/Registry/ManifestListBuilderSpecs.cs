using System.Text;
using Cake.MultiArch.Registry;
using NUnit.Framework;

namespace Cake.MultiArch.Tests.Registry;

[TestFixture]
public sealed class ManifestListBuilderSpecs
{
    private static readonly string AmdDigest = "sha256:" + new string('a', 64);
    private static readonly string ArmDigest = "sha256:" + new string('b', 64);
    private static readonly string Arm64Digest = "sha256:" + new string('c', 64);

    [Test]
    public void Builds_a_Docker_manifest_list_as_compact_JSON_in_a_fixed_key_order()
    {
        // Given
        var entries = new[]
        {
            new ManifestListEntry(AmdDigest, 524, ManifestMediaTypes.DockerManifest, CpuArchitecture.Amd64),
            new ManifestListEntry(ArmDigest, 525, ManifestMediaTypes.DockerManifest, CpuArchitecture.Arm32V7),
        };

        // When
        var list = ManifestListBuilder.Build(entries, ManifestListFormat.DockerManifestList);

        // Then
        var expected =
            "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.docker.distribution.manifest.list.v2+json\",\"manifests\":[" +
            $"{{\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"digest\":\"{AmdDigest}\",\"size\":524," +
            "\"platform\":{\"architecture\":\"amd64\",\"os\":\"linux\"}}," +
            $"{{\"mediaType\":\"application/vnd.docker.distribution.manifest.v2+json\",\"digest\":\"{ArmDigest}\",\"size\":525," +
            "\"platform\":{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\"}}]}";
        Assert.That(Encoding.UTF8.GetString(list.Bytes), Is.EqualTo(expected));
        Assert.That(list.MediaType, Is.EqualTo(ManifestMediaTypes.DockerManifestList));
        Assert.That(list.Digest, Is.EqualTo(RegistryDigest.Compute(list.Bytes)));
    }

    [Test]
    public void Builds_an_OCI_index_with_the_arm64_variant_and_platforms_readable_back()
    {
        var entries = new[]
        {
            new ManifestListEntry(Arm64Digest, 600, ManifestMediaTypes.OciManifest, CpuArchitecture.Arm64V8),
            new ManifestListEntry(ArmDigest, 601, ManifestMediaTypes.OciManifest, CpuArchitecture.Arm32V6),
        };

        var index = ManifestListBuilder.Build(entries, ManifestListFormat.OciImageIndex);

        Assert.That(index.MediaType, Is.EqualTo(ManifestMediaTypes.OciImageIndex));
        Assert.That(index.Json.GetProperty("mediaType").GetString(), Is.EqualTo(ManifestMediaTypes.OciImageIndex));
        Assert.That(index.Manifests.Select(m => m.Platform!.ToString()), Is.EqualTo(new[] { "linux/arm64/v8", "linux/arm/v6" }));
        Assert.That(index.Manifests.Select(m => m.Platform!.ToArchitecture()), Is.EqualTo(new[] { CpuArchitecture.Arm64V8, CpuArchitecture.Arm32V6 }));
    }

    [Test]
    public void The_same_entries_give_the_same_digest()
    {
        var entries = new[] { new ManifestListEntry(AmdDigest, 1, ManifestMediaTypes.DockerManifest, CpuArchitecture.Amd64) };

        Assert.That(
            ManifestListBuilder.Build(entries, ManifestListFormat.DockerManifestList).Digest,
            Is.EqualTo(ManifestListBuilder.Build(entries, ManifestListFormat.DockerManifestList).Digest));
    }

    [Test]
    public void Rejects_an_empty_list()
    {
        var exception = Assert.Throws<MultiArchException>(() => ManifestListBuilder.Build([], ManifestListFormat.OciImageIndex));

        Assert.That(exception!.Message, Does.Contain("at least one"));
    }

    [Test]
    public void Rejects_two_entries_for_one_architecture()
    {
        var entries = new[]
        {
            new ManifestListEntry(AmdDigest, 1, ManifestMediaTypes.DockerManifest, CpuArchitecture.Amd64),
            new ManifestListEntry(ArmDigest, 1, ManifestMediaTypes.DockerManifest, CpuArchitecture.Amd64),
        };

        var exception = Assert.Throws<MultiArchException>(() => ManifestListBuilder.Build(entries, ManifestListFormat.DockerManifestList));

        Assert.That(exception!.Message, Does.Contain("2 entries for amd64").And.Contain("remove the duplicate"));
    }

    [Test]
    public void Rejects_two_architectures_pointing_to_the_same_image()
    {
        var entries = new[]
        {
            new ManifestListEntry(AmdDigest, 1, ManifestMediaTypes.DockerManifest, CpuArchitecture.Amd64),
            new ManifestListEntry(AmdDigest, 1, ManifestMediaTypes.DockerManifest, CpuArchitecture.Arm64V8),
        };

        var exception = Assert.Throws<MultiArchException>(() => ManifestListBuilder.Build(entries, ManifestListFormat.DockerManifestList));

        Assert.That(exception!.Message, Does.Contain("amd64 and arm64v8 entries point to the same image").And.Contain("--no-cache"));
    }

    [Test]
    public void Rejects_an_entry_that_is_itself_an_index()
    {
        var entries = new[] { new ManifestListEntry(AmdDigest, 1, ManifestMediaTypes.OciImageIndex, CpuArchitecture.Amd64) };

        var exception = Assert.Throws<MultiArchException>(() => ManifestListBuilder.Build(entries, ManifestListFormat.DockerManifestList));

        Assert.That(exception!.Message, Does.Contain("itself a manifest list").And.Contain("resolve"));
    }

    [Test]
    public void Rejects_an_invalid_digest()
    {
        var entries = new[] { new ManifestListEntry("sha256:123", 1, ManifestMediaTypes.DockerManifest, CpuArchitecture.Amd64) };

        var exception = Assert.Throws<MultiArchException>(() => ManifestListBuilder.Build(entries, ManifestListFormat.DockerManifestList));

        Assert.That(exception!.Message, Does.Contain("amd64 entry").And.Contain("64 hex digits"));
    }

    [Test]
    public void Resolver_picks_the_image_of_a_single_platform_index_with_attestations()
    {
        // Given: what BuildKit pushes for one platform: the image and an unknown/unknown attestation manifest.
        var index = Index(
            Entry(ArmDigest, "arm64", "linux", "v8"),
            Entry(AmdDigest, "unknown", "unknown", null, attestation: true));

        // When
        var entry = PlatformManifestResolver.SelectEntry(index, null, "app:1.0-arm64v8");

        // Then
        Assert.That(entry.Digest, Is.EqualTo(ArmDigest));
    }

    [Test]
    public void Resolver_picks_the_entry_for_the_wanted_architecture()
    {
        var index = Index(Entry(AmdDigest, "amd64", "linux", null), Entry(ArmDigest, "arm", "linux", "v7"), Entry(Arm64Digest, "arm64", "linux", null));

        Assert.Multiple(() =>
        {
            Assert.That(PlatformManifestResolver.SelectEntry(index, CpuArchitecture.Arm32V7, "x").Digest, Is.EqualTo(ArmDigest));
            Assert.That(PlatformManifestResolver.SelectEntry(index, CpuArchitecture.Arm64V8, "x").Digest, Is.EqualTo(Arm64Digest), "arm64 without variant is v8");
        });
    }

    [Test]
    public void Resolver_refuses_an_index_of_several_platforms_without_an_architecture()
    {
        var index = Index(Entry(AmdDigest, "amd64", "linux", null), Entry(ArmDigest, "arm", "linux", "v7"));

        var exception = Assert.Throws<MultiArchException>(() => PlatformManifestResolver.SelectEntry(index, null, "app:1.0"));

        Assert.That(exception!.Message, Does.Contain("several platforms (linux/amd64, linux/arm/v7)"));
    }

    [Test]
    public void Resolver_refuses_an_index_of_attestations_only_and_never_returns_unknown()
    {
        var index = Index(Entry(AmdDigest, "unknown", "unknown", null, attestation: true));

        Assert.Throws<MultiArchException>(() => PlatformManifestResolver.SelectEntry(index, null, "app"));
        var exception = Assert.Throws<MultiArchException>(() => PlatformManifestResolver.SelectEntry(index, CpuArchitecture.Amd64, "app"));
        Assert.That(exception!.Message, Does.Contain("without an image for linux/amd64").And.Contain("--platform linux/amd64"));
    }

    private static string Entry(string digest, string architecture, string os, string? variant, bool attestation = false) =>
        $"{{\"mediaType\":\"{ManifestMediaTypes.OciManifest}\",\"digest\":\"{digest}\",\"size\":100," +
        $"\"platform\":{{\"architecture\":\"{architecture}\",\"os\":\"{os}\"{(variant is null ? "" : $",\"variant\":\"{variant}\"")}}}" +
        (attestation ? $",\"annotations\":{{\"vnd.docker.reference.type\":\"attestation-manifest\"}}" : "") + "}";

    private static RegistryManifest Index(params string[] entries) =>
        RegistryManifest.FromBytes(
            Encoding.UTF8.GetBytes($"{{\"schemaVersion\":2,\"mediaType\":\"{ManifestMediaTypes.OciImageIndex}\",\"manifests\":[{string.Join(",", entries)}]}}"),
            null,
            "test index");
}

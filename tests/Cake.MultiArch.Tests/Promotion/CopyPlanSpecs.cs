using System.Text;
using Cake.MultiArch.Promotion;
using Cake.MultiArch.Registry;
using NUnit.Framework;

namespace Cake.MultiArch.Tests.Promotion;

/// <summary>Which blobs and manifests a copy puts, and in which order: nothing is put before what it refers to.</summary>
[TestFixture]
public sealed class CopyPlanSpecs
{
    [Test]
    public void A_list_s_blobs_come_first_each_once_then_its_images_and_attestations_then_the_list_itself()
    {
        // Given a list of two images sharing a layer, and an attestation of the first
        var amd64 = Image(config: 'a', layers: ['1', '2']);
        var arm64 = Image(config: 'b', layers: ['1', '3']);
        var attestation = Image(config: 'c', layers: ['4']);
        var list = Index(amd64, arm64, attestation);

        // When
        var plan = CopyPlan.Of(list, Below(amd64, arm64, attestation), "r.test/app:1");

        // Then
        Assert.That(plan.Blobs.Select(b => b.Digest[7]), Is.EqualTo(new[] { 'a', '1', '2', 'b', '3', 'c', '4' }));
        Assert.That(plan.Manifests.Select(m => m.Digest), Is.EqualTo(new[] { amd64.Digest, arm64.Digest, attestation.Digest, list.Digest }));
    }

    [Test]
    public void A_single_image_is_its_config_and_layers_then_its_manifest()
    {
        var image = Image(config: 'a', layers: ['1']);

        var plan = CopyPlan.Of(image, new Dictionary<string, RegistryManifest>(), "r.test/app:1");

        Assert.That(plan.Blobs.Select(b => b.Digest[7]), Is.EqualTo(new[] { 'a', '1' }));
        Assert.That(plan.Manifests, Is.EqualTo(new[] { image }));
    }

    [Test]
    public void A_list_inside_a_list_is_put_after_its_own_images_and_before_the_outer_list()
    {
        var image = Image(config: 'a', layers: ['1']);
        var inner = Index(image);
        var outer = Index(inner);

        var plan = CopyPlan.Of(outer, Below(inner, image), "r.test/app:1");

        Assert.That(plan.Manifests.Select(m => m.Digest), Is.EqualTo(new[] { image.Digest, inner.Digest, outer.Digest }));
    }

    [Test]
    public void A_list_naming_a_manifest_its_registry_lacks_is_an_incomplete_source()
    {
        var image = Image(config: 'a', layers: ['1']);

        var error = Assert.Throws<MultiArchException>(() => CopyPlan.Of(Index(image), new Dictionary<string, RegistryManifest>(), "r.test/app:1"));

        Assert.That(error!.Message, Does.Contain($"r.test/app:1 lists {image.Digest}, which its registry does not hold").And.Contain("Push it again"));
    }

    [Test]
    public void A_manifest_of_an_unknown_media_type_is_refused_with_the_types_copied()
    {
        var old = RegistryManifest.FromBytes(Encoding.UTF8.GetBytes("""{"schemaVersion":1}"""), "application/vnd.docker.distribution.manifest.v1+prettyjws", "old");

        var error = Assert.Throws<MultiArchException>(() => CopyPlan.Of(old, new Dictionary<string, RegistryManifest>(), "r.test/old:1"));

        Assert.That(error!.Message, Does.Contain("application/vnd.docker.distribution.manifest.v1+prettyjws").And.Contain(ManifestMediaTypes.OciManifest));
    }

    private static string Digest(char c) => "sha256:" + new string(c, 64);

    private static RegistryManifest Image(char config, char[] layers)
    {
        var layerJson = string.Join(",", layers.Select(l => Descriptor("application/vnd.oci.image.layer.v1.tar+gzip", Digest(l), 20)));
        var json = "{\"schemaVersion\":2,\"mediaType\":\"" + ManifestMediaTypes.OciManifest + "\",\"config\":" +
            Descriptor(ManifestMediaTypes.OciImageConfig, Digest(config), 10) + ",\"layers\":[" + layerJson + "]}";
        return RegistryManifest.FromBytes(Encoding.UTF8.GetBytes(json), ManifestMediaTypes.OciManifest, "test");
    }

    private static string Descriptor(string mediaType, string digest, long size) =>
        "{\"mediaType\":\"" + mediaType + "\",\"digest\":\"" + digest + "\",\"size\":" + size + "}";

    private static RegistryManifest Index(params RegistryManifest[] entries)
    {
        var json = "{\"schemaVersion\":2,\"mediaType\":\"" + ManifestMediaTypes.OciImageIndex + "\",\"manifests\":[" +
            string.Join(",", entries.Select(e => Descriptor(e.MediaType, e.Digest, e.Size))) + "]}";
        return RegistryManifest.FromBytes(Encoding.UTF8.GetBytes(json), ManifestMediaTypes.OciImageIndex, "test");
    }

    private static Dictionary<string, RegistryManifest> Below(params RegistryManifest[] manifests) =>
        manifests.ToDictionary(m => m.Digest, StringComparer.Ordinal);
}

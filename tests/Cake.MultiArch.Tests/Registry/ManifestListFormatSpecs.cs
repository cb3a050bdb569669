using System.Text;
using Cake.MultiArch.Registry;
using NUnit.Framework;

namespace Cake.MultiArch.Tests.Registry;

/// <summary>
/// The list's type follows its entries (an OCI index whenever any entry is OCI or it carries attestations or annotations,
/// a Docker list only over Docker v2 images), attestations follow the images and point at them, and annotations are
/// written in a fixed order.
/// </summary>
[TestFixture]
public sealed class ManifestListFormatSpecs
{
    private static readonly string AmdDigest = "sha256:" + new string('a', 64);
    private static readonly string ArmDigest = "sha256:" + new string('b', 64);
    private static readonly string ProvenanceDigest = "sha256:" + new string('e', 64);

    private static ManifestListEntry Docker(string digest, CpuArchitecture architecture) => new(digest, 500, ManifestMediaTypes.DockerManifest, architecture);

    private static ManifestListEntry Oci(string digest, CpuArchitecture architecture) => new(digest, 500, ManifestMediaTypes.OciManifest, architecture);

    private static ManifestDescriptor Provenance(string digest, string attested) => new(ManifestMediaTypes.OciManifest, digest, 565, new ImagePlatform("unknown", "unknown"))
    {
        Annotations = new Dictionary<string, string>
        {
            ["vnd.docker.reference.digest"] = attested,
            ["vnd.docker.reference.type"] = "attestation-manifest",
        },
    };

    [Test]
    public void Auto_writes_a_Docker_list_over_Docker_v2_images()
    {
        var list = ManifestListBuilder.Build([Docker(AmdDigest, CpuArchitecture.Amd64), Docker(ArmDigest, CpuArchitecture.Arm32V7)], ManifestListFormat.Auto);

        Assert.That(list.MediaType, Is.EqualTo(ManifestMediaTypes.DockerManifestList));
    }

    [Test]
    public void Auto_writes_an_OCI_index_when_any_entry_is_an_OCI_image()
    {
        var list = ManifestListBuilder.Build([Docker(AmdDigest, CpuArchitecture.Amd64), Oci(ArmDigest, CpuArchitecture.Arm32V7)], ManifestListFormat.Auto);

        Assert.That(list.MediaType, Is.EqualTo(ManifestMediaTypes.OciImageIndex));
    }

    [Test]
    public void Auto_writes_an_OCI_index_for_annotations_over_Docker_v2_images()
    {
        var list = ManifestListBuilder.Build([Docker(AmdDigest, CpuArchitecture.Amd64)], ManifestListFormat.Auto, new Dictionary<string, string> { ["org.opencontainers.image.version"] = "1.0" });

        Assert.That(list.MediaType, Is.EqualTo(ManifestMediaTypes.OciImageIndex));
    }

    [Test]
    public void A_Docker_list_over_OCI_images_is_refused_with_the_fix()
    {
        var error = Assert.Throws<MultiArchException>(() =>
            ManifestListBuilder.Build([Docker(AmdDigest, CpuArchitecture.Amd64), Oci(ArmDigest, CpuArchitecture.Arm32V7)], ManifestListFormat.DockerManifestList));

        Assert.That(error!.Message, Does.Contain("arm32v7").And.Contain("OCI image manifest").And.Contain("Leave Format at Auto").And.Contain("OciImageIndex"));
    }

    [Test]
    public void A_Docker_list_with_attestations_is_refused_with_the_fix()
    {
        var entry = Docker(AmdDigest, CpuArchitecture.Amd64) with { Attestations = [Provenance(ProvenanceDigest, AmdDigest)] };

        var error = Assert.Throws<MultiArchException>(() => ManifestListBuilder.Build([entry], ManifestListFormat.DockerManifestList));

        Assert.That(error!.Message, Does.Contain("attestations").And.Contain("KeepAttestations = false"));
    }

    [Test]
    public void A_Docker_list_with_annotations_is_refused_with_the_fix()
    {
        var entry = Docker(AmdDigest, CpuArchitecture.Amd64) with { Annotations = new Dictionary<string, string> { ["com.example.board"] = "pi" } };

        var error = Assert.Throws<MultiArchException>(() => ManifestListBuilder.Build([entry], ManifestListFormat.DockerManifestList));

        Assert.That(error!.Message, Does.Contain("only an OCI image index carries annotations").And.Contain("OciImageIndex"));
    }

    [Test]
    public void Attestations_follow_every_image_as_unknown_platform_entries_pointing_at_their_image()
    {
        // Given two images, the arm one with a provenance attestation
        var armProvenance = Provenance(ProvenanceDigest, ArmDigest);
        var entries = new[] { Oci(AmdDigest, CpuArchitecture.Amd64), Oci(ArmDigest, CpuArchitecture.Arm32V7) with { Attestations = [armProvenance] } };

        // When
        var index = ManifestListBuilder.Build(entries, ManifestListFormat.Auto);

        // Then the images come first, then the attestation with its annotations as BuildKit wrote them
        Assert.That(index.Manifests.Select(m => m.Digest), Is.EqualTo(new[] { AmdDigest, ArmDigest, ProvenanceDigest }));
        var attestation = index.Manifests[2];
        Assert.That(attestation.IsAttestation, Is.True);
        Assert.That(attestation.Platform!.ToString(), Is.EqualTo("unknown/unknown"));
        Assert.That(attestation.AttestedDigest, Is.EqualTo(ArmDigest));
        Assert.That(attestation.Size, Is.EqualTo(565));
        Assert.That(index.Manifests.Take(2).Select(m => m.IsAttestation), Is.All.False);
    }

    [Test]
    public void An_attestation_that_names_another_image_is_refused()
    {
        var entry = Oci(AmdDigest, CpuArchitecture.Amd64) with { Attestations = [Provenance(ProvenanceDigest, ArmDigest)] };

        var error = Assert.Throws<MultiArchException>(() => ManifestListBuilder.Build([entry], ManifestListFormat.Auto));

        Assert.That(error!.Message, Does.Contain(ProvenanceDigest).And.Contain("must name the image it is listed with"));
    }

    [Test]
    public void Index_and_entry_annotations_are_written_sorted_by_key()
    {
        var entry = Oci(AmdDigest, CpuArchitecture.Amd64) with { Annotations = new Dictionary<string, string> { ["z.last"] = "2", ["a.first"] = "1" } };
        var annotations = new Dictionary<string, string> { ["org.opencontainers.image.version"] = "1.0", ["org.opencontainers.image.source"] = "https://example.org/app" };

        var index = ManifestListBuilder.Build([entry], ManifestListFormat.Auto, annotations);

        var json = Encoding.UTF8.GetString(index.Bytes);
        Assert.That(json, Does.Contain("\"annotations\":{\"a.first\":\"1\",\"z.last\":\"2\"},\"platform\""));
        Assert.That(json, Does.EndWith("],\"annotations\":{\"org.opencontainers.image.source\":\"https://example.org/app\",\"org.opencontainers.image.version\":\"1.0\"}}"));
        Assert.That(index.Manifests[0].Annotations["a.first"], Is.EqualTo("1"));
    }

    [Test]
    public void An_annotation_key_with_a_space_is_refused()
    {
        var error = Assert.Throws<MultiArchException>(() =>
            ManifestListBuilder.Build([Oci(AmdDigest, CpuArchitecture.Amd64)], ManifestListFormat.Auto, new Dictionary<string, string> { ["bad key"] = "x" }));

        Assert.That(error!.Message, Does.Contain("'bad key'").And.Contain("without spaces"));
    }
}

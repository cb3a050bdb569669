using Cake.MultiArch.Tests.Infrastructure;
using Cake.MultiArch.Publishing;
using Cake.MultiArch.Tests.Fakes;

namespace Cake.MultiArch.Tests.Publishing;

[TestFixture]
public class ArchPublicationSpecs
{
    private static readonly string DigestA = "sha256:" + new string('a', 64);
    private static readonly string DigestB = "sha256:" + new string('b', 64);
    private string _directory = "";

    [SetUp]
    public void CreateFolder() => _directory = Directory.CreateTempSubdirectory("publications-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_directory, true);

    [Test]
    public void A_publication_round_trips_through_its_file()
    {
        var written = ArchPublication.From(new PushedImage(CpuArchitecture.Arm32V7, "r.example.com/app:1.0-arm32v7", DigestA), "1.0");

        var path = PublicationMerger.Write(_directory, written);
        var read = ArchPublication.Read(path);

        Assert.That(Path.GetFileName(path), Is.EqualTo("arm32v7.json"));
        Assert.That(read, Is.EqualTo(written));
        Assert.That(read.Platform, Is.EqualTo("linux/arm/v7"));
        Assert.That(read.Repository, Is.EqualTo("r.example.com/app"));
    }

    [Test]
    public void Merging_reads_nested_artifact_folders_into_one_list()
    {
        PublicationMerger.Write(Path.Combine(_directory, "publication-amd64"), ArchPublication.From(new PushedImage(CpuArchitecture.Amd64, "r/app:1-amd64", DigestA), "1"));
        PublicationMerger.Write(Path.Combine(_directory, "publication-arm64v8"), ArchPublication.From(new PushedImage(CpuArchitecture.Arm64V8, "r/app:1-arm64v8", DigestB), "1"));

        var (listTag, images) = PublicationMerger.Read(_directory, new MergePublicationsSettings { ExpectedArchitectures = { "amd64", "arm64v8" } }, new CapturingLog(echo: false));

        Assert.That(listTag, Is.EqualTo("r/app:1"));
        Assert.That(images.Select(i => i.ByDigest), Is.EqualTo(new[] { $"r/app@{DigestA}", $"r/app@{DigestB}" }));
    }

    [Test]
    public void Merging_without_an_expected_arch_names_it_and_pushes_nothing()
    {
        PublicationMerger.Write(_directory, ArchPublication.From(new PushedImage(CpuArchitecture.Amd64, "r/app:1-amd64", DigestA), "1"));

        var exception = Assert.Throws<MultiArchException>(() =>
            PublicationMerger.Read(_directory, new MergePublicationsSettings { ExpectedArchitectures = { "amd64", "arm32v6" } }, new CapturingLog(echo: false)));

        Assert.That(exception!.Message, Does.Contain("no publication for arm32v6").And.Contain("no list was pushed"));
    }

    [Test]
    public void A_damaged_publication_file_is_named_with_what_is_wrong()
    {
        File.WriteAllText(Path.Combine(_directory, "arm32v7.json"), """{"architecture":"armv9000","repository":"","digest":"md5:1"}""");
        File.WriteAllText(Path.Combine(_directory, "broken.json"), "{ not json");

        Assert.That(() => ArchPublication.Read(Path.Combine(_directory, "arm32v7.json")), Throws.TypeOf<MultiArchException>()
            .With.Message.Contains("architecture 'armv9000' is unknown").And.Message.Contains("repository is empty").And.Message.Contains("not a sha256 digest"));
        Assert.That(() => ArchPublication.Read(Path.Combine(_directory, "broken.json")), Throws.TypeOf<MultiArchException>()
            .With.Message.Contains("broken.json is not a publication file"));
    }

    [Test]
    public void An_empty_or_missing_folder_says_to_download_the_artifacts()
    {
        Assert.That(() => PublicationMerger.Read(Path.Combine(_directory, "nope"), new MergePublicationsSettings(), new CapturingLog(echo: false)),
            Throws.TypeOf<MultiArchException>().With.Message.Contains("does not exist"));
        Assert.That(() => PublicationMerger.Read(_directory, new MergePublicationsSettings(), new CapturingLog(echo: false)),
            Throws.TypeOf<MultiArchException>().With.Message.Contains("No publication files"));
    }
}

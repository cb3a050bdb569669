using Cake.MultiArch.Building;
using NUnit.Framework;

namespace Cake.MultiArch.Tests.Building;

/// <summary>The record of which inputs built which local image: where it lives, what it answers, how it is pruned.</summary>
[TestFixture]
public sealed class BuildRecordsSpecs
{
    private const string ImageId = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
    private const string Inputs = "sha256:2222222222222222222222222222222222222222222222222222222222222222";
    private const string OtherInputs = "sha256:3333333333333333333333333333333333333333333333333333333333333333";
    private string _folder = "";

    [SetUp]
    public void MakeFolder() => _folder = Path.Combine(Directory.CreateTempSubdirectory("build-records-").FullName, "builds");

    [TearDown]
    public void RemoveFolder() => Directory.Delete(Path.GetDirectoryName(_folder)!, recursive: true);

    [Test]
    public void The_folder_is_under_the_variable_else_the_xdg_cache_else_the_home_cache()
    {
        Assert.That(BuildRecords.Folder(Env(("CAKE_MULTIARCH_CACHE", "/srv/cache"), ("XDG_CACHE_HOME", "/x"))), Is.EqualTo("/srv/cache/builds"));
        Assert.That(BuildRecords.Folder(Env(("XDG_CACHE_HOME", "/x"))), Is.EqualTo("/x/cake-multiarch/builds"));
        Assert.That(
            BuildRecords.Folder(Env()),
            Is.EqualTo(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "cake-multiarch", "builds")));
        Assert.That(BuildRecords.Folder(Env(), home: "/home/ci"), Is.EqualTo("/home/ci/.cache/cake-multiarch/builds"));
    }

    [Test]
    public void An_account_without_a_home_keeps_them_in_the_temporary_folder_not_in_the_working_directory()
    {
        Assert.That(BuildRecords.Folder(Env(), home: ""), Is.EqualTo(Path.Combine(Path.GetTempPath(), "cake-multiarch", "builds")));
    }

    [Test]
    public void A_recorded_pair_is_found_and_nothing_else_is()
    {
        Assert.That(BuildRecords.Has(_folder, ImageId, Inputs), Is.False, "nothing recorded yet, not even the folder");

        Assert.That(BuildRecords.Record(_folder, ImageId, Inputs, DateTime.UtcNow), Is.Null);

        Assert.That(BuildRecords.Has(_folder, ImageId, Inputs), Is.True);
        Assert.That(BuildRecords.Has(_folder, ImageId, OtherInputs), Is.False);
        Assert.That(BuildRecords.Has(_folder, Inputs, ImageId), Is.False);
    }

    [Test]
    public void One_image_may_have_been_built_from_several_inputs()
    {
        // Two sets of inputs docker's cache builds into the same image (a build argument the Dockerfile never uses):
        // both stay recorded, so alternating between them never rebuilds.
        BuildRecords.Record(_folder, ImageId, Inputs, DateTime.UtcNow);
        BuildRecords.Record(_folder, ImageId, OtherInputs, DateTime.UtcNow);

        Assert.That((BuildRecords.Has(_folder, ImageId, Inputs), BuildRecords.Has(_folder, ImageId, OtherInputs)), Is.EqualTo((true, true)));
    }

    [Test]
    public void Writing_a_record_removes_the_records_of_images_untouched_for_thirty_days()
    {
        var now = new DateTime(2026, 11, 29, 12, 0, 0, DateTimeKind.Utc);
        BuildRecords.Record(_folder, ImageId, Inputs, now - TimeSpan.FromDays(31));
        BuildRecords.Record(_folder, "sha256:4444", Inputs, now - TimeSpan.FromDays(29));

        BuildRecords.Record(_folder, "sha256:5555", Inputs, now);

        Assert.That(BuildRecords.Has(_folder, ImageId, Inputs), Is.False, "31 days old: removed");
        Assert.That(BuildRecords.Has(_folder, "sha256:4444", Inputs), Is.True, "29 days old: kept");
        Assert.That(BuildRecords.Has(_folder, "sha256:5555", Inputs), Is.True);
    }

    [Test]
    public void A_folder_that_cannot_be_written_is_reported_not_thrown()
    {
        // A file where the folder should be
        Directory.CreateDirectory(Path.GetDirectoryName(_folder)!);
        File.WriteAllText(_folder, "not a folder");

        var problem = BuildRecords.Record(_folder, ImageId, Inputs, DateTime.UtcNow);

        Assert.That(problem, Is.Not.Null.And.Not.Empty);
        Assert.That(BuildRecords.Has(_folder, ImageId, Inputs), Is.False);
    }

    private static Func<string, string?> Env(params (string Name, string Value)[] variables) =>
        name => variables.FirstOrDefault(v => v.Name == name).Value;
}

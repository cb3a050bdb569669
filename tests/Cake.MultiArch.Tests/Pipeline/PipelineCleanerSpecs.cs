using Cake.MultiArch.Pipeline;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Pipeline;

/// <summary>MultiArchClean, the Makefile's clean: which tags a pipeline makes, and their removal from the real daemon.</summary>
[NonParallelizable]
public sealed class PipelineCleanerSpecs : IntegrationTest
{
    private readonly List<string> _made = [];

    [TearDown]
    public async Task RemoveWhatIsLeft()
    {
        foreach (var container in _made.Where(m => m.StartsWith("container:", StringComparison.Ordinal)))
        {
            await HostCommand.RunAsync("docker", ["rm", "-f", container["container:".Length..]]);
        }

        await HostCommand.RunAsync("docker", ["image", "rm", .. _made.Where(m => !m.StartsWith("container:", StringComparison.Ordinal))]);
        _made.Clear();
    }

    [Test]
    public void The_tags_are_each_archs_tags_its_qemu_enabled_base_and_the_lists_tag()
    {
        var settings = new MultiArchBuildSettings
        {
            Image = "127.0.0.1:5000/hello",
            Tag = "1.0",
            Architectures = { CpuArchitecture.Amd64, CpuArchitecture.Arm32V7 },
            QemuBaseTagPattern = "local/hello-qemu-{arch}",
        };

        Assert.That(PipelineCleaner.TagsOf(settings), Is.EqualTo(new[]
        {
            "127.0.0.1:5000/hello:1.0-amd64", "local/hello-qemu-amd64",
            "127.0.0.1:5000/hello:1.0-arm32v7", "local/hello-qemu-arm32v7",
            "127.0.0.1:5000/hello:1.0",
        }));
        settings.UseQemuBases = false;
        Assert.That(PipelineCleaner.TagsOf(settings), Has.None.StartsWith("local/hello-qemu-"));
    }

    [Test]
    public async Task The_tags_that_are_here_are_removed_and_a_second_clean_finds_none()
    {
        // Given an arch tag and a QEMU-enabled base tag of the pipeline, and a vanilla base that must stay
        var settings = Settings();
        await Tag(BusyboxBases.ImageFor("arm32v7"), $"{settings.Image}:1.0-arm32v7");
        await Tag(BusyboxBases.ImageFor("arm32v7"), settings.QemuBaseTagPattern.Replace("{arch}", "arm32v7"));
        var context = new TestCakeContext();

        // When
        var removed = context.MultiArchClean(settings);
        var again = new TestCakeContext();
        var none = again.MultiArchClean(settings);

        // Then
        Assert.That(removed, Is.EqualTo(new[] { $"{settings.Image}:1.0-arm32v7", settings.QemuBaseTagPattern.Replace("{arch}", "arm32v7") }));
        Assert.That(context.Log.Lines, Has.Some.Contains($"Removed {settings.Image}:1.0-arm32v7"));
        Assert.That(none, Is.Empty);
        Assert.That(again.Log.Lines, Has.Some.StartsWith("Nothing to remove"));
        Assert.That((await HostCommand.RunAsync("docker", ["image", "inspect", BusyboxBases.ImageFor("arm32v7")])).ExitCode, Is.EqualTo(0));
    }

    [Test]
    public async Task An_image_a_container_still_uses_is_not_removed_and_the_message_says_what_to_do()
    {
        // Given an arch image no other tag names, used by a (stopped) container
        var settings = Settings();
        var tag = $"{settings.Image}:1.0-arm32v7";
        var build = await HostCommand.RunAsync(
            "docker", ["build", "--platform", "linux/arm/v7", "--tag", tag, "-"],
            standardInput: $"FROM {BusyboxBases.ImageFor("arm32v7")}\nLABEL org.example.clean={Guid.NewGuid():N}\n");
        Assert.That(build.ExitCode, Is.EqualTo(0), build.Describe());
        _made.Add(tag);
        var container = "cake-multiarch-test-clean-" + Guid.NewGuid().ToString("N")[..8];
        await HostCommand.DockerAsync("create", "--platform", "linux/arm/v7", "--name", container, tag, "/bin/true");
        _made.Add("container:" + container);

        var error = Assert.Throws<MultiArchException>(() => new TestCakeContext().MultiArchClean(settings));

        Assert.That(error!.Message, Does.Contain($"could not remove every tag of {settings.Image}:1.0").And.Contain("remove it first (docker ps -a shows it)"));
        Assert.That((await HostCommand.RunAsync("docker", ["image", "inspect", tag])).ExitCode, Is.EqualTo(0));
    }

    private MultiArchBuildSettings Settings()
    {
        var id = Guid.NewGuid().ToString("N")[..8];
        return new MultiArchBuildSettings
        {
            Image = $"cake-multiarch-test/clean-{id}",
            Tag = "1.0",
            Architectures = { CpuArchitecture.Arm32V7 },
            QemuBaseTagPattern = $"local/clean-{id}-qemu-{{arch}}",
        };
    }

    private async Task Tag(string source, string target)
    {
        await HostCommand.DockerAsync("tag", source, target);
        _made.Add(target);
    }
}

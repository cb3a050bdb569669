using Cake.MultiArch.Docker;

namespace Cake.MultiArch.Tests.Docker;

/// <summary>The argument lists the process seam runs itself (DaemonCommands) and docker's global options, specified in full.</summary>
[TestFixture]
public class DaemonCommandsSpecs
{
    [Test]
    public void Image_commands_name_the_image_last()
    {
        Assert.Multiple(() =>
        {
            Assert.That(DaemonCommands.Tag("a", "b"), Is.EqualTo(new[] { "tag", "a", "b" }));
            Assert.That(DaemonCommands.Pull("arm32v7/alpine", "linux/arm/v7"), Is.EqualTo(new[] { "pull", "--platform", "linux/arm/v7", "arm32v7/alpine" }));
            Assert.That(DaemonCommands.InspectImages(["x"]), Is.EqualTo(new[] { "image", "inspect", "x" }));
            Assert.That(DaemonCommands.InspectImages(["x", "y:1"]), Is.EqualTo(new[] { "image", "inspect", "x", "y:1" }));
        });
    }

    [Test]
    public void Global_arguments_name_the_config_directory_and_the_context()
    {
        var settings = new MultiArchToolSettings { ConfigDirectory = "cfg", DockerContext = "remote-arm" };

        var tokens = DockerGlobalArguments.For(settings, "/work");

        Assert.That(tokens, Is.EqualTo(new[] { "--config", "/work/cfg", "--context", "remote-arm" }));
    }
}

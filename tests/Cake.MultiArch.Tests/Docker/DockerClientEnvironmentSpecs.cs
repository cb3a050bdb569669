using Cake.MultiArch.Docker;
using NUnit.Framework;

namespace Cake.MultiArch.Tests.Docker;

/// <summary>Which daemon and which config directory a docker started with a set of tool settings uses.</summary>
[TestFixture]
public sealed class DockerClientEnvironmentSpecs
{
    private static readonly Func<string, string?> Process = name => name switch
    {
        "DOCKER_HOST" => "unix:///process.sock",
        "DOCKER_CONFIG" => "/process/docker",
        "HOME" => "/home/ci",
        _ => null,
    };

    [Test]
    public void The_settings_environment_comes_before_the_process_one()
    {
        var settings = new MultiArchToolSettings { EnvironmentVariables = { ["DOCKER_HOST"] = "unix:///settings.sock" } };

        Assert.That(DockerClientEnvironment.Variable(settings, "DOCKER_HOST", Process), Is.EqualTo("unix:///settings.sock"));
        Assert.That(DockerClientEnvironment.Variable(settings, "DOCKER_CONFIG", Process), Is.EqualTo("/process/docker"));
    }

    [Test]
    public void The_host_setting_comes_before_both_environments_and_a_blank_one_counts_as_unset()
    {
        var settings = new MultiArchToolSettings { EnvironmentVariables = { ["DOCKER_HOST"] = "unix:///settings.sock" } };

        settings.DockerHost = "tcp://builder:2375";
        Assert.That(DockerClientEnvironment.Host(settings, Process), Is.EqualTo("tcp://builder:2375"));
        settings.DockerHost = " ";
        Assert.That(DockerClientEnvironment.Host(settings, Process), Is.EqualTo("unix:///settings.sock"));
        Assert.That(DockerClientEnvironment.Host(new MultiArchToolSettings(), Process), Is.EqualTo("unix:///process.sock"));
        Assert.That(DockerClientEnvironment.Host(new MultiArchToolSettings(), _ => null), Is.Null);
    }

    [Test]
    public void The_config_directory_setting_then_docker_config_as_docker_sees_it_then_home()
    {
        Assert.That(DockerClientEnvironment.ConfigDirectory(new MultiArchToolSettings { ConfigDirectory = "cfg" }, "/work", Process), Is.EqualTo("/work/cfg"));
        Assert.That(DockerClientEnvironment.ConfigDirectory(new MultiArchToolSettings { EnvironmentVariables = { ["DOCKER_CONFIG"] = "/settings/docker" } }, "/work", Process), Is.EqualTo("/settings/docker"));
        Assert.That(DockerClientEnvironment.ConfigDirectory(new MultiArchToolSettings(), "/work", Process), Is.EqualTo("/process/docker"));
        Assert.That(DockerClientEnvironment.ConfigDirectory(new MultiArchToolSettings(), "/work", name => name == "HOME" ? "/home/ci" : null), Is.EqualTo("/home/ci/.docker"));
    }
}

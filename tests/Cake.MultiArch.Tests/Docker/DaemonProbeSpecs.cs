using Cake.MultiArch.Docker;

namespace Cake.MultiArch.Tests.Docker;

/// <summary>What a daemon's version answer means, whichever transport brought it: its CPU, and whether it builds with BuildKit.</summary>
[TestFixture]
public class DaemonProbeSpecs
{
    [TestCase("amd64", "1.41", "amd64", false)]
    [TestCase("arm64", "1.45", "arm64v8", true)]
    [TestCase("amd64", "1.42", "amd64", true)]
    [TestCase(" arm ", " 1.43 ", "arm32v7", true)]
    public void The_answer_names_the_cpu_and_whether_docker_build_is_buildkit(string arch, string api, string expected, bool buildKit)
    {
        var probe = DaemonProbe.Of(arch, api);

        Assert.That(probe.Answered, Is.True);
        Assert.That(probe.Architecture, Is.EqualTo(CpuArchitecture.Parse(expected)));
        Assert.That(probe.BuildsWithBuildKit, Is.EqualTo(buildKit));
    }

    [Test]
    public void An_api_version_it_cannot_read_counts_as_the_legacy_builder()
    {
        var probe = DaemonProbe.Of("amd64", "<no value>");

        Assert.That(probe.ApiVersion, Is.Null);
        Assert.That(probe.BuildsWithBuildKit, Is.False);
    }

    [Test]
    public void A_daemon_that_did_not_answer_keeps_the_failure_for_its_message()
    {
        var failure = new DockerResult(1, [], ["Cannot connect to the Docker daemon at unix:///var/run/docker.sock."], TimeSpan.Zero, "docker version");

        var probe = DaemonProbe.Unanswered(failure);

        Assert.That(probe.Answered, Is.False);
        Assert.That(probe.Failure, Is.SameAs(failure));
        Assert.That(probe.Architecture, Is.Null);
    }
}

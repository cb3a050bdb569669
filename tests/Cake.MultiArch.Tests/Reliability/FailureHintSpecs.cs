using Cake.MultiArch.Docker;

namespace Cake.MultiArch.Tests.Reliability;

/// <summary>The fix a failed docker command's message carries, for causes the table of bad inputs meets.</summary>
[TestFixture]
public class FailureHintSpecs
{
    [Test]
    public void Pushing_a_tag_the_daemon_does_not_have_says_to_build_it_first()
    {
        var failure = DockerFailure.FromResult(
            new DockerResult(1, ["The push refers to repository [127.0.0.1:5000/app]"], ["An image does not exist locally with the tag: 127.0.0.1:5000/app"], TimeSpan.Zero, "docker push 127.0.0.1:5000/app:1.0-arm32v7"),
            "push",
            "/work");

        Assert.That(failure.Hint, Does.Contain("Build it first (BuildArchImage)").And.Contain("correct the tag"));
        Assert.That(failure.Message, Does.Contain("Fix: docker push sends a local image"));
        Assert.That(TransientFailure.Cause(failure), Is.Null, "a missing local image does not come back by retrying");
    }
}

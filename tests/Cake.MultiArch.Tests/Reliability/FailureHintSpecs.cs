using Cake.MultiArch.Docker;
using Cake.MultiArch.Retries;

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

    [Test]
    public void Pulling_an_image_the_registry_does_not_have_says_to_check_the_name_not_to_push_arch_images()
    {
        var failure = DockerFailure.FromResult(
            new DockerResult(1, [], ["Error response from daemon: manifest for 127.0.0.1:5000/no/base:arm32v7 not found: manifest unknown: manifest unknown"], TimeSpan.Zero, "docker pull 127.0.0.1:5000/no/base:arm32v7"),
            "pull",
            "/work");

        Assert.That(failure.Hint, Does.Contain("The image to pull is not in that registry").And.Not.Contain("manifest list"));
    }

    [Test]
    public void A_list_referencing_an_image_the_registry_does_not_have_still_says_to_push_the_arch_images()
    {
        var failure = DockerFailure.FromResult(
            new DockerResult(1, [], ["no such manifest: 127.0.0.1:5000/app@sha256:00"], TimeSpan.Zero, "docker manifest create x y"),
            "manifest create",
            "/work");

        Assert.That(failure.Hint, Does.Contain("Push every per-arch image (PushArchImage) before the manifest list"));
    }

    [Test]
    public void An_invalid_reference_says_what_docker_accepts_in_names_and_tags()
    {
        var failure = DockerFailure.FromResult(
            new DockerResult(1, [], ["invalid argument \"r/Bad:1\" for \"-t, --tag\" flag: invalid reference format: repository name (Bad) must be lowercase"], TimeSpan.Zero, "docker build"),
            "build",
            "/work");

        Assert.That(failure.Hint, Does.Contain("Repository names are lowercase").And.Contain("tags are up to 128"));
        Assert.That(TransientFailure.Cause(failure), Is.Null);
    }

    [Test]
    public void A_registry_that_drops_the_connection_mid_request_is_named_and_retried()
    {
        var failure = DockerFailure.FromResult(
            new DockerResult(1, [], ["Put \"http://127.0.0.1:5000/v2/app/manifests/1.0-amd64\": EOF"], TimeSpan.Zero, "docker push 127.0.0.1:5000/app:1.0-amd64"),
            "push",
            "/work");

        Assert.That(failure.Hint, Does.Contain("closed the connection in the middle of a request"));
        Assert.That(TransientFailure.Cause(failure), Is.EqualTo("connection closed early"));
    }
}

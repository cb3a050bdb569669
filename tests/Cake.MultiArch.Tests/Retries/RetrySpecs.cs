using Cake.MultiArch.Tests.Infrastructure;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Publishing;
using Cake.MultiArch.Tests.Fakes;
using Cake.MultiArch.Retries;

namespace Cake.MultiArch.Tests.Retries;

[TestFixture]
public class RetrySpecs
{
    private static readonly RetryPolicy Quick = new() { Attempts = 4, InitialDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };

    [Test]
    public async Task A_push_that_meets_a_restarting_registry_is_retried_and_each_retry_logged()
    {
        // Given a registry that refuses two connections, then answers
        var docker = new ScriptedDockerRunner();
        docker.PassingFailures["push"] = (2, "Get \"http://127.0.0.1:5000/v2/\": dial tcp 127.0.0.1:5000: connect: connection refused");
        var log = new CapturingLog(echo: false);

        // When
        var pushed = await new ArchImagePusher(docker, log, Quick).PushAsync(CpuArchitecture.Arm32V7, ["127.0.0.1:5000/app:1-arm32v7"]);

        // Then
        Assert.That(docker.CommandLines.Count(l => l.StartsWith("push", StringComparison.Ordinal)), Is.EqualTo(3));
        Assert.That(pushed.Digest, Does.StartWith("sha256:"));
        Assert.That(log.Lines.Count(l => l.Contains("failed (connection refused); retrying in", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    [Test]
    public void Authentication_failures_are_not_retried()
    {
        var docker = new ScriptedDockerRunner();
        docker.Failures["push"] = "unauthorized: authentication required";

        Assert.ThrowsAsync<MultiArchException>(() => new ArchImagePusher(docker, new CapturingLog(echo: false), Quick).PushAsync(CpuArchitecture.Amd64, ["r.example.com/app:1-amd64"]));

        Assert.That(docker.Commands, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_registry_that_stays_down_fails_after_the_last_attempt_with_the_cause()
    {
        var docker = new ScriptedDockerRunner();
        docker.Failures["push"] = "received unexpected HTTP status: 503 Service Unavailable";

        var exception = Assert.ThrowsAsync<MultiArchException>(() => new ArchImagePusher(docker, new CapturingLog(echo: false), Quick).PushAsync(CpuArchitecture.Amd64, ["r.example.com/app:1-amd64"]));

        Assert.That(docker.Commands, Has.Count.EqualTo(4));
        Assert.That(exception!.Message, Does.Contain("503 Service Unavailable"));
    }

    [Test]
    public void Backoff_doubles_within_jitter_caps_and_honours_retry_after()
    {
        var policy = new RetryPolicy { InitialDelay = TimeSpan.FromSeconds(1), MaxDelay = TimeSpan.FromSeconds(10) };

        Assert.Multiple(() =>
        {
            Assert.That(policy.DelayBefore(2).TotalSeconds, Is.InRange(0.8, 1.2));
            Assert.That(policy.DelayBefore(3).TotalSeconds, Is.InRange(1.6, 2.4));
            Assert.That(policy.DelayBefore(4).TotalSeconds, Is.InRange(3.2, 4.8));
            Assert.That(policy.DelayBefore(20).TotalSeconds, Is.InRange(8, 12));
            Assert.That(policy.DelayBefore(2, TimeSpan.FromSeconds(30)).TotalSeconds, Is.EqualTo(30));
        });
    }

    [TestCase("dial tcp 127.0.0.1:5000: connect: connection refused", "connection refused")]
    [TestCase("read: connection reset by peer", "connection reset")]
    [TestCase("net/http: TLS handshake timeout", "TLS handshake timeout")]
    [TestCase("received unexpected HTTP status: 502 Bad Gateway", "HTTP 502")]
    [TestCase("toomanyrequests: You have reached your pull rate limit", "HTTP 429")]
    [TestCase("unauthorized: authentication required", null)]
    [TestCase("manifest unknown: manifest unknown", null)]
    [TestCase("invalid reference format", null)]
    [TestCase("dial tcp: lookup nohost.invalid: no such host", null)]
    public void Failures_are_told_transient_or_final(string standardError, string? cause)
    {
        var exception = DockerFailure.FromResult(new DockerResult(1, [], [standardError], TimeSpan.Zero, "docker push x"), "push", "/");

        Assert.That(TransientFailure.Cause(exception), Is.EqualTo(cause));
    }
}

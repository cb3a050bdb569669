using Cake.MultiArch.Tests.Infrastructure;
using System.Diagnostics;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Publishing;
using Cake.MultiArch.Tests.Fakes;
using Cake.MultiArch.Retries;

namespace Cake.MultiArch.Tests.Retries;

/// <summary>How long retries may hold a build: bounded by default, configurable, honouring Retry-After within a limit, stoppable.</summary>
[TestFixture]
public class RetryBoundsSpecs
{
    private static readonly RetryPolicy Quick = new() { Attempts = 4, InitialDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };

    [Test]
    public void The_default_policy_makes_five_attempts_and_waits_at_most_eighteen_seconds_in_all()
    {
        var policy = new RetryPolicy();

        // The worst case of the jitter, sampled: 1 + 2 + 4 + 8 seconds, each at most 20 % longer.
        var worst = Enumerable.Range(0, 2000)
            .Select(_ => Enumerable.Range(2, policy.Attempts - 1).Sum(attempt => policy.DelayBefore(attempt).TotalSeconds))
            .Max();

        Assert.That(policy.Attempts, Is.EqualTo(5));
        Assert.That(worst, Is.InRange(15.0, 18.0));
    }

    [Test]
    public void A_retry_after_longer_than_the_limit_waits_the_limit_not_what_the_registry_asked()
    {
        var policy = new RetryPolicy();

        Assert.Multiple(() =>
        {
            Assert.That(policy.DelayBefore(2, TimeSpan.FromHours(6)), Is.EqualTo(TimeSpan.FromMinutes(1)));
            Assert.That(policy.DelayBefore(2, TimeSpan.FromSeconds(20)), Is.EqualTo(TimeSpan.FromSeconds(20)));
            Assert.That(new RetryPolicy { MaxRetryAfter = TimeSpan.FromSeconds(5) }.DelayBefore(2, TimeSpan.FromSeconds(20)), Is.EqualTo(TimeSpan.FromSeconds(5)));
            Assert.That(new RetryPolicy { MaxRetryAfter = TimeSpan.Zero }.DelayBefore(2, TimeSpan.FromSeconds(20)).TotalSeconds, Is.InRange(0.8, 1.2), "the backoff still applies");
        });
    }

    [Test]
    public async Task A_429_with_retry_after_waits_as_asked_and_logs_the_cause()
    {
        var log = new CapturingLog(echo: false);
        var calls = 0;
        var watch = Stopwatch.StartNew();

        var value = await Quick.RunAsync(
            "push app:1-amd64",
            _ => ++calls == 1
                ? throw new MultiArchException("HTTP 429 Too Many Requests") { TransientCause = "HTTP 429", RetryAfter = TimeSpan.FromMilliseconds(400) }
                : Task.FromResult(42),
            log,
            CancellationToken.None);

        Assert.That(value, Is.EqualTo(42));
        Assert.That(watch.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(390)));
        Assert.That(log.Lines, Has.One.Contains("push app:1-amd64 failed (HTTP 429); retrying in 0.4s, attempt 2 of 4"));
    }

    [TestCase("manifest unknown: manifest unknown", TestName = "A not-found failure is not retried")]
    [TestCase("invalid reference format: repository name must be lowercase", TestName = "An invalid reference is not retried")]
    [TestCase("denied: requested access to the resource is denied", TestName = "A denied push is not retried")]
    [TestCase("unauthorized: authentication required", TestName = "An authentication failure is not retried")]
    public void Final_failures_fail_at_the_first_attempt(string error)
    {
        var docker = new ScriptedDockerRunner();
        docker.Failures["push"] = error;

        Assert.ThrowsAsync<MultiArchException>(() => new ArchImagePusher(docker, new CapturingLog(echo: false), Quick).PushAsync(CpuArchitecture.Amd64, ["127.0.0.1:5000/app:1-amd64"]));

        Assert.That(docker.CommandLines.Count(l => l.StartsWith("push", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [TestCase("read tcp 127.0.0.1:1->127.0.0.1:5000: read: connection reset by peer", "connection reset")]
    [TestCase("net/http: TLS handshake timeout", "TLS handshake timeout")]
    [TestCase("Put \"http://127.0.0.1:5000/v2/app/manifests/1-amd64\": EOF", "connection closed early")]
    [TestCase("received unexpected HTTP status: 500 Internal Server Error", "HTTP 500")]
    [TestCase("toomanyrequests: too many requests", "HTTP 429")]
    public async Task Transient_failures_are_retried_and_each_retry_names_its_cause(string error, string cause)
    {
        var docker = new ScriptedDockerRunner();
        docker.PassingFailures["push"] = (2, error);
        var log = new CapturingLog(echo: false);

        await new ArchImagePusher(docker, log, Quick).PushAsync(CpuArchitecture.Amd64, ["127.0.0.1:5000/app:1-amd64"]);

        Assert.That(log.Lines.Count(l => l.Contains($"failed ({cause}); retrying in", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    [Test]
    public void Cancelling_during_a_backoff_stops_waiting_at_once()
    {
        var policy = new RetryPolicy { Attempts = 5, InitialDelay = TimeSpan.FromSeconds(30) };
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();

        Assert.CatchAsync<OperationCanceledException>(() => policy.RunAsync<int>(
            "push app:1-amd64",
            _ => throw new MultiArchException("dial tcp: connect: connection refused"),
            new CapturingLog(echo: false),
            cancel.Token));

        Assert.That(watch.Elapsed, Is.LessThan(TimeSpan.FromSeconds(5)));
    }
}

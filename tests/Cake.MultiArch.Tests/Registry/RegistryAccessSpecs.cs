using Cake.MultiArch.Docker;
using Cake.MultiArch.Images;
using Cake.MultiArch.Registry;
using Cake.MultiArch.Tests.Infrastructure;
using NUnit.Framework;

namespace Cake.MultiArch.Tests.Registry;

/// <summary>
/// How the add-in reaches a loopback registry, against real registries: plain HTTP at once where it speaks HTTP,
/// HTTPS where it speaks TLS, and one client per registry for a whole alias call.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RegistryAccessSpecs
{
    private TestRegistry _plain = null!;
    private TestRegistry _tls = null!;

    [OneTimeSetUp]
    public async Task StartRegistries()
    {
        _plain = await TestRegistry.StartAsync(new TestRegistryOptions { Persistent = true });
        _tls = await TestRegistry.StartAsync(new TestRegistryOptions { Tls = true });
    }

    [OneTimeTearDown]
    public void StopRegistries()
    {
        _plain?.Dispose();
        _tls?.Dispose();
    }

    [Test]
    public async Task A_loopback_registry_that_speaks_HTTP_is_reached_in_plain_HTTP_without_a_TLS_attempt()
    {
        var log = new CapturingLog();

        using var client = await Connect(_plain, log);

        Assert.That(client.BaseAddress.Scheme, Is.EqualTo("http"));
        Assert.That(log.Lines, Has.None.Contains("https://"));
        Assert.That(log.Lines.Count(l => l.Contains("/v2/ ->", StringComparison.Ordinal)), Is.EqualTo(1));
    }

    [Test]
    public async Task A_loopback_registry_that_speaks_TLS_is_reached_in_HTTPS_after_its_answer_to_plain_HTTP()
    {
        var log = new CapturingLog();

        using var client = await Connect(_tls, log);
        await client.PingAsync();

        Assert.That(client.BaseAddress.Scheme, Is.EqualTo("https"));
        Assert.That(log.Lines, Has.Some.Contains($"{_tls.Host} answered http; using HTTPS."));
    }

    [Test]
    public async Task Inside_a_scope_every_caller_shares_one_client_per_registry_and_it_stays_open_until_the_scope_ends()
    {
        var log = new CapturingLog();
        RegistryClient first;
        using (RegistryConnections.Open())
        {
            var both = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Connect(_plain, log)));
            first = both[0];
            Assert.That(both.Distinct().Count(), Is.EqualTo(1), "four callers at once, one client");
            first.Dispose();
            await first.PingAsync(); // a caller's Dispose leaves the shared client open
            Assert.That(await Connect(_tls, log), Is.Not.SameAs(first), "another registry, another client");
            Assert.That(log.Lines.Count(l => l.Contains($"GET http://{_plain.Host}/v2/ ->", StringComparison.Ordinal)), Is.EqualTo(2), "one connection check, one ping");
        }

        Assert.That(RegistryConnections.Current, Is.Null);
        Assert.ThrowsAsync<ObjectDisposedException>(() => first.PingAsync());
        using var own = await Connect(_plain, log);
        Assert.That(own, Is.Not.SameAs(first), "outside a scope each caller connects on its own");
    }

    [Test]
    public async Task A_failed_connection_is_not_kept_by_the_scope_so_the_next_caller_tries_again()
    {
        var settings = new MultiArchToolSettings { Retry = RetryPolicy.None };
        var image = ImageReference.Parse($"{_plain.Host}/access/app:1");
        using var scope = RegistryConnections.Open();
        _plain.Stop();
        try
        {
            var refused = Assert.ThrowsAsync<MultiArchException>(() => RegistryAccess.ConnectAsync(image, settings, "/", new CapturingLog(), CancellationToken.None));
            Assert.That(refused!.Message, Does.Contain("connection refused"));
        }
        finally
        {
            _plain.Start();
        }

        using var client = await RegistryAccess.ConnectAsync(image, settings, "/", new CapturingLog(), CancellationToken.None);
        await client.PingAsync();
    }

    private static Task<RegistryClient> Connect(TestRegistry registry, CapturingLog log) =>
        RegistryAccess.ConnectAsync(
            ImageReference.Parse($"{registry.Host}/access/app:1"),
            new MultiArchToolSettings { RegistryCaCertificate = registry.CertificatePath },
            "/",
            log,
            CancellationToken.None);
}

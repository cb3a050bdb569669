using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Text;
using NUnit.Framework;

namespace Cake.MultiArch.Tests.Infrastructure;

public sealed class TestRegistrySpecs : IntegrationTest
{
    [Test]
    public async Task An_anonymous_registry_answers_on_loopback_and_knows_no_repositories_yet()
    {
        // Given a fresh anonymous registry
        await using var registry = await TestRegistry.StartAsync();
        using var api = registry.CreateApi();

        // Then it answers /v2/ over plain HTTP on a loopback port, with nothing stored
        Assert.That(registry.Host, Does.Match(@"^127\.0\.0\.1:\d+$"));
        Assert.That(registry.BaseUri.Scheme, Is.EqualTo("http"));
        Assert.That(await api.PingAsync(), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await api.ListTagsAsync("nothing/here"), Is.Empty);
        Assert.That(await api.TryGetManifestAsync("nothing/here", "latest"), Is.Null);
    }

    [Test]
    public async Task A_pushed_image_reads_back_with_its_digest_media_type_and_platform()
    {
        // Given the arm32v7 base pushed by docker
        await using var registry = await TestRegistry.StartAsync();
        using var api = registry.CreateApi();
        await PushAsync(registry, BusyboxBases.ImageFor("arm32v7"), "infra/busybox", "v7");

        // When the test client reads it back
        var manifest = await api.GetManifestAsync("infra/busybox", "v7");
        var config = await api.GetConfigAsync("infra/busybox", manifest.ConfigDigest!);

        // Then it is a single Docker v2 manifest whose digest is the hash of the body, for linux/arm/v7
        Assert.That(manifest.MediaType, Is.EqualTo(MediaTypes.DockerManifest));
        Assert.That(manifest.IsList, Is.False);
        Assert.That(manifest.Digest, Is.EqualTo(Sha256Digest(manifest.Json)));
        Assert.That(config.Platform, Is.EqualTo("linux/arm/v7"));
        Assert.That(await api.ListTagsAsync("infra/busybox"), Is.EquivalentTo(new[] { "v7" }));

        // And skopeo, a client sharing no code with docker or the test client, sees the same manifest
        var skopeo = await HostCommand.RunCheckedAsync(
            "skopeo", ["inspect", "--raw", "--tls-verify=false", $"docker://{registry.Host}/infra/busybox:v7"]);
        Assert.That(Sha256Digest(skopeo.StandardOutput), Is.EqualTo(manifest.Digest));
    }

    [Test]
    public async Task Manifests_can_be_deleted_by_digest()
    {
        // Given a pushed image
        await using var registry = await TestRegistry.StartAsync();
        using var api = registry.CreateApi();
        await PushAsync(registry, BusyboxBases.ImageFor("amd64"), "infra/deletable", "1");
        var manifest = await api.GetManifestAsync("infra/deletable", "1");

        // When its manifest is deleted
        await api.DeleteManifestAsync("infra/deletable", manifest.Digest);

        // Then neither the digest nor the tag resolve any more
        Assert.That(await api.TryGetManifestAsync("infra/deletable", manifest.Digest), Is.Null);
        Assert.That(await api.TryGetManifestAsync("infra/deletable", "1"), Is.Null);
    }

    [Test]
    public async Task Stop_and_Start_bring_the_registry_back_on_the_same_port_with_the_same_content()
    {
        // Given a registry holding an image on disk
        await using var registry = await TestRegistry.StartAsync(new TestRegistryOptions { Persistent = true });
        using var api = registry.CreateApi();
        await PushAsync(registry, BusyboxBases.ImageFor("arm64v8"), "infra/survivor", "1");
        var host = registry.Host;

        // When it is stopped, nothing answers
        registry.Stop();
        Assert.That(registry.IsRunning, Is.False);
        Assert.ThrowsAsync<HttpRequestException>(() => api.PingAsync());

        // Then after Start it answers again at the same address, with the image still there
        registry.Start();
        Assert.That(registry.Host, Is.EqualTo(host));
        Assert.That(await api.PingAsync(), Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await api.ListTagsAsync("infra/survivor"), Is.EquivalentTo(new[] { "1" }));
    }

    [Test]
    public async Task A_registry_with_htpasswd_and_tls_refuses_anonymous_and_wrong_passwords_and_accepts_the_right_one()
    {
        // Given a registry demanding a password over HTTPS with a self-signed certificate
        const string user = "ci-user";
        var password = "pw-" + Guid.NewGuid().ToString("N");
        await using var registry = await TestRegistry.StartAsync(new TestRegistryOptions { Htpasswd = (user, password), Tls = true });
        using var anonymous = registry.CreateApi(authenticated: false);
        using var wrong = new RegistryApi(registry.BaseUri, (user, "not-" + password), registry.CertificatePath);
        using var right = registry.CreateApi();

        // Then it speaks HTTPS, and only the right password gets in
        Assert.That(registry.BaseUri.Scheme, Is.EqualTo("https"));
        Assert.That(File.Exists(registry.CertificatePath), Is.True);
        Assert.That(await anonymous.PingAsync(), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await wrong.PingAsync(), Is.EqualTo(HttpStatusCode.Unauthorized));
        Assert.That(await right.PingAsync(), Is.EqualTo(HttpStatusCode.OK));

        // And docker, logged in with the password on standard input, can push to it
        await PushAsync(registry, BusyboxBases.ImageFor("arm32v6"), "private/busybox", "v6");
        var manifest = await right.GetManifestAsync("private/busybox", "v6");
        Assert.That((await right.GetConfigAsync("private/busybox", manifest.ConfigDigest!)).Platform, Is.EqualTo("linux/arm/v6"));
        var refused = Assert.ThrowsAsync<HttpRequestException>(() => anonymous.GetManifestAsync("private/busybox", "v6"));
        Assert.That(refused!.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
    }

    [Test]
    public async Task A_tls_registry_is_not_trusted_without_its_certificate()
    {
        // Given a TLS registry with a self-signed certificate
        await using var registry = await TestRegistry.StartAsync(new TestRegistryOptions { Tls = true });

        // When a client that trusts only the system's roots connects
        using var untrusting = new RegistryApi(registry.BaseUri);
        var exception = Assert.ThrowsAsync<HttpRequestException>(() => untrusting.PingAsync());

        // Then the TLS handshake fails on the certificate
        Assert.That(exception!.InnerException, Is.InstanceOf<AuthenticationException>());
    }

    // Tags the local image into the registry, pushes it (logging in through a throw-away docker config when the registry
    // wants a password, so the machine's ~/.docker/config.json is never touched) and removes the local tag again.
    private static async Task PushAsync(TestRegistry registry, string localImage, string repository, string tag)
    {
        var remote = $"{registry.Host}/{repository}:{tag}";
        var config = Directory.CreateTempSubdirectory("cake-multiarch-docker-config-");
        try
        {
            await HostCommand.DockerAsync("tag", localImage, remote);
            if (registry.Credentials is var (user, password))
            {
                await HostCommand.RunCheckedAsync(
                    "docker", ["--config", config.FullName, "login", registry.Host, "--username", user, "--password-stdin"],
                    standardInput: password);
            }

            await HostCommand.DockerAsync("--config", config.FullName, "push", remote);
        }
        finally
        {
            await HostCommand.RunAsync("docker", ["image", "rm", remote]);
            config.Delete(recursive: true);
        }
    }

    private static string Sha256Digest(string json) =>
        "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
}

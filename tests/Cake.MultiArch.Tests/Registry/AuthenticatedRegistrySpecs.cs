using Cake.MultiArch.Registry;
using Cake.MultiArch.Tests.Infrastructure;
using NUnit.Framework;

namespace Cake.MultiArch.Tests.Registry;

/// <summary>The client against a real registry with htpasswd basic authentication over TLS with a self-signed certificate.</summary>
[TestFixture]
[NonParallelizable]
public sealed class AuthenticatedRegistrySpecs : IntegrationTest
{
    private const string User = "ci-pusher";
    private const string Password = "Tls-Registry-Pa55word";
    private const string Repository = "secure/hello";
    private TestRegistry _registry = null!;
    private string _dockerConfig = null!;
    private string _digest = null!;

    [OneTimeSetUp]
    public async Task StartRegistryLogInAndPush()
    {
        _registry = await TestRegistry.StartAsync(new TestRegistryOptions { Htpasswd = (User, Password), Tls = true });
        _dockerConfig = Directory.CreateTempSubdirectory("multiarch-docker-login-").FullName;

        // The daemon treats 127.0.0.0/8 as an insecure registry, so it accepts the self-signed certificate.
        await HostCommand.RunCheckedAsync("docker", ["--config", _dockerConfig, "login", _registry.Host, "--username", User, "--password-stdin"], standardInput: Password);
        _digest = await ScratchImages.BuildAndPushAsync($"{_registry.Host}/{Repository}:arm32v7", "linux/arm/v7", "secure " + Guid.NewGuid(), _dockerConfig);
    }

    [OneTimeTearDown]
    public async Task StopRegistry()
    {
        if (_registry is not null)
        {
            await ScratchImages.RemoveAsync($"{_registry.Host}/{Repository}:arm32v7");
            _registry.Dispose();
        }

        if (_dockerConfig is not null)
        {
            Directory.Delete(_dockerConfig, recursive: true);
        }
    }

    [Test]
    public void Anonymous_access_is_refused_with_a_clear_message()
    {
        using var client = Client(RegistryCredentials.Anonymous);

        var exception = Assert.ThrowsAsync<MultiArchException>(() => client.GetManifestAsync(Repository, "arm32v7"));

        Assert.That(exception!.Message, Does.Contain($"Reading manifest {Repository}:arm32v7 on registry {_registry.Host} failed: HTTP 401")
            .And.Contain("requires authentication").And.Contain($"docker login {_registry.Host}"));
    }

    [Test]
    public void A_wrong_password_is_refused_without_showing_it()
    {
        using var client = Client(RegistryCredentials.FromUsernamePassword(User, "Wrong-Pa55word-For-Test"));

        var exception = Assert.ThrowsAsync<MultiArchException>(() => client.PingAsync());

        Assert.That(exception!.Message, Does.Contain("HTTP 401").And.Contain("refused the credentials"));
        Assert.That(exception.Message, Does.Not.Contain("Wrong-Pa55word-For-Test"));
    }

    [Test]
    public async Task The_credentials_docker_login_stored_read_the_image()
    {
        // Given: the credentials `docker login` wrote, read back by the store.
        var credentials = await new DockerConfigCredentialStore(_dockerConfig).GetAsync(_registry.Host);
        using var client = Client(credentials);

        // When
        await client.PingAsync();
        var manifest = await client.GetManifestAsync(Repository, "arm32v7");
        var platform = await client.GetImagePlatformAsync(Repository, manifest);

        // Then
        Assert.That(credentials.Username, Is.EqualTo(User));
        Assert.That(manifest.Digest, Is.EqualTo(_digest));
        Assert.That(platform.ToArchitecture(), Is.EqualTo(CpuArchitecture.Arm32V7));
        Assert.That(await client.ListTagsAsync(Repository), Does.Contain("arm32v7"));
    }

    [Test]
    public async Task Pushes_a_manifest_list_with_basic_credentials()
    {
        using var client = Client(RegistryCredentials.FromUsernamePassword(User, Password));
        var image = await client.GetManifestAsync(Repository, "arm32v7");
        var list = ManifestListBuilder.Build([ManifestListEntry.From(image, CpuArchitecture.Arm32V7)], ManifestListFormat.DockerManifestList);

        var digest = await client.PutManifestAsync(Repository, "list", list.MediaType, list.Bytes);

        Assert.That((await client.HeadManifestAsync(Repository, "list"))!.Digest, Is.EqualTo(digest));
    }

    [Test]
    public void An_untrusted_certificate_says_to_set_CaCertificateFile()
    {
        using var client = new RegistryClient(new RegistryClientSettings { Registry = _registry.Host });

        var exception = Assert.ThrowsAsync<MultiArchException>(() => client.PingAsync());

        Assert.That(exception!.Message, Does.Contain("TLS certificate").And.Contain("not trusted").And.Contain("CaCertificateFile"));
    }

    [Test]
    public async Task SkipTlsVerify_accepts_the_self_signed_certificate()
    {
        using var client = new RegistryClient(new RegistryClientSettings
        {
            Registry = _registry.Host,
            SkipTlsVerify = true,
            Credentials = RegistryCredentials.FromUsernamePassword(User, Password),
        });

        Assert.DoesNotThrowAsync(() => client.PingAsync());
        Assert.That((await client.HeadManifestAsync(Repository, "arm32v7"))!.Digest, Is.EqualTo(_digest));
    }

    [Test]
    public void Plain_http_against_a_tls_registry_says_to_unset_Insecure()
    {
        using var client = new RegistryClient(new RegistryClientSettings { Registry = _registry.Host, PlainHttp = true });

        var exception = Assert.ThrowsAsync<MultiArchException>(() => client.PingAsync());

        Assert.That(exception!.Message, Does.Contain("speaks HTTPS").And.Contain("Set Insecure = false"));
    }

    private RegistryClient Client(RegistryCredentials credentials) =>
        new(new RegistryClientSettings { Registry = _registry.Host, CaCertificateFile = _registry.CertificatePath, Credentials = credentials });
}

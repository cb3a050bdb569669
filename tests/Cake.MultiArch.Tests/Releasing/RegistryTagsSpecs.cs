using Cake.MultiArch.Registry;
using Cake.MultiArch.Tests.Infrastructure;
using Cake.MultiArch.Tests.Registry;

namespace Cake.MultiArch.Tests.Releasing;

/// <summary>
/// MultiArchTags against real registries: one that already holds higher and lower releases, a pre-release and
/// non-version tags, and one that wants credentials before it lists tags.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class RegistryTagsSpecs : IntegrationTest
{
    private const string Repository = "release/app";
    private const string User = "release-reader";
    private const string Password = "Release-Reader-Pa55word";
    private TestRegistry _registry = null!;
    private TestRegistry _locked = null!;
    private string _dockerConfig = null!;
    private readonly List<string> _localTags = [];

    [OneTimeSetUp]
    public async Task StartRegistriesWithReleases()
    {
        // Given: releases 1.1.4, 1.2.0 (written v1.2.0) and 1.3.0, a pre-release 2.0.0-rc.1, latest and main.
        _registry = await TestRegistry.StartAsync();
        var first = $"{_registry.Host}/{Repository}:1.3.0";
        _localTags.Add(first);
        await ScratchImages.BuildAndPushAsync(first, "linux/amd64", "release " + Guid.NewGuid());
        using var client = new RegistryClient(new RegistryClientSettings { Registry = _registry.Host, PlainHttp = true });
        var manifest = await client.GetManifestAsync(Repository, "1.3.0");
        foreach (var tag in new[] { "1.1.4", "v1.2.0", "2.0.0-rc.1", "latest", "main" })
        {
            await client.PutManifestAsync(Repository, tag, manifest.MediaType, manifest.Bytes);
        }

        // And: a registry that lists tags only to a logged-in user.
        _locked = await TestRegistry.StartAsync(new TestRegistryOptions { Htpasswd = (User, Password), Tls = true });
        _dockerConfig = Directory.CreateTempSubdirectory("multiarch-release-login-").FullName;
        await HostCommand.RunCheckedAsync("docker", ["--config", _dockerConfig, "login", _locked.Host, "--username", User, "--password-stdin"], standardInput: Password);
        var locked = $"{_locked.Host}/{Repository}:3.0.0";
        _localTags.Add(locked);
        await ScratchImages.BuildAndPushAsync(locked, "linux/amd64", "locked " + Guid.NewGuid(), _dockerConfig);
    }

    [OneTimeTearDown]
    public async Task StopRegistries()
    {
        await ScratchImages.RemoveAsync([.. _localTags]);
        _registry?.Dispose();
        _locked?.Dispose();
        if (_dockerConfig is not null)
        {
            Directory.Delete(_dockerConfig, recursive: true);
        }
    }

    [TestCase("1.3.1", new[] { "1.3", "1", "latest" }, TestName = "A release above every release moves the short tags and latest")]
    [TestCase("v1.2.7", new[] { "1.2" }, TestName = "A patch of an older minor moves its minor tag, not 1 or latest")]
    [TestCase("1.1.2", new string[0], TestName = "A release below one of its own minor moves nothing")]
    [TestCase("2.0.0", new[] { "2.0", "2", "latest" }, TestName = "The registry's pre-release does not hold the release back")]
    [TestCase("2.0.0-rc.2", new string[0], TestName = "A pre-release gets its full tag alone")]
    public void Latest_and_the_short_tags_move_only_where_the_registry_holds_no_higher_release(string version, string[] expected)
    {
        // When
        var tags = Tags(new MultiArchTagsSettings { Image = $"{_registry.Host}/{Repository}", Version = version });

        // Then
        Assert.That(tags.Tag, Is.EqualTo(version.TrimStart('v')));
        Assert.That(tags.ExtraTags, Is.EqualTo(expected));
        Assert.That(tags.Labels["org.opencontainers.image.version"], Is.EqualTo(version.TrimStart('v')));
    }

    [Test]
    public void A_repository_that_does_not_exist_yet_gets_latest()
    {
        var tags = Tags(new MultiArchTagsSettings { Image = $"{_registry.Host}/release/new-app", Version = "0.1.0" });

        Assert.That(tags.AllTags, Is.EqualTo(new[] { "0.1.0", "0.1", "latest" }));
    }

    [Test]
    public void A_registry_that_refuses_the_tag_list_says_so_and_how_to_fix_it()
    {
        // Given: no credentials for the locked registry.
        var empty = Directory.CreateTempSubdirectory("multiarch-no-login-");
        try
        {
            // When
            var exception = Assert.Throws<MultiArchException>(() => Tags(new MultiArchTagsSettings
            {
                Image = $"{_locked.Host}/{Repository}",
                Version = "3.1.0",
                ConfigDirectory = empty.FullName,
            }));

            // Then
            Assert.That(exception!.Message, Does.Contain($"could not list the tags of {_locked.Host}/{Repository}")
                .And.Contain("401").And.Contain("MultiArchLogin").And.Contain("Latest = false and ShortTags = false"));
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Test]
    public void With_docker_s_stored_credentials_the_locked_registry_s_tags_are_read()
    {
        // When
        var below = Tags(new MultiArchTagsSettings { Image = $"{_locked.Host}/{Repository}", Version = "2.9.0", ConfigDirectory = _dockerConfig });
        var above = Tags(new MultiArchTagsSettings { Image = $"{_locked.Host}/{Repository}", Version = "3.0.1", ConfigDirectory = _dockerConfig });

        // Then
        Assert.That(below.ExtraTags, Is.EqualTo(new[] { "2.9", "2" }));
        Assert.That(above.ExtraTags, Is.EqualTo(new[] { "3.0", "3", "latest" }));
    }

    // Off CI, with only the version's tags.
    private static MultiArchTagSet Tags(MultiArchTagsSettings settings)
    {
        settings.BranchTag = false;
        settings.ShaTag = false;
        return TestCakeContext.OnCi().MultiArchTags(settings);
    }
}

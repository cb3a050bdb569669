using Cake.MultiArch.Buildx;
using Cake.MultiArch.Pipeline;
using Cake.MultiArch.Tests.Fakes;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Settings;

/// <summary>
/// RegistryCache's settings checks: MultiArchBuild's preflight lists them with the settings' other problems, and
/// BuildxMultiArch refuses them before docker runs; one shape of cache, one check, for both.
/// </summary>
[TestFixture]
public sealed class RegistryCacheSpecs
{
    private static MultiArchBuildSettings Pipeline(RegistryCache cache) => new() { Image = "127.0.0.1:5000/app", RegistryCache = cache };

    private static string[] CacheProblems(MultiArchBuildSettings settings) =>
        settings.Problems().Where(p => p.Check == "RegistryCache").Select(p => p.ToString()).ToArray();

    [Test]
    public void A_cache_defaults_to_max_mode_written_under_the_buildcache_scope_one_reference_per_arch()
    {
        // Given
        var cache = new RegistryCache { Repository = "ghcr.io/me/app-cache" };

        // Then
        Assert.That(cache.Mode, Is.EqualTo(RegistryCacheMode.Max));
        Assert.That(cache.ReadOnly, Is.False);
        Assert.That(cache.ReferenceOf(CpuArchitecture.Arm32V7), Is.EqualTo("ghcr.io/me/app-cache:buildcache-arm32v7"));
        Assert.That(CacheProblems(Pipeline(cache)), Is.Empty);
    }

    [Test]
    public void An_empty_repository_is_named_with_an_example()
    {
        var problems = CacheProblems(Pipeline(new RegistryCache()));

        Assert.That(problems, Has.One.Contains("RegistryCache.Repository is empty.").And.Contains("\"ghcr.io/me/app-cache\""));
    }

    [TestCase("ghcr.io/me/app-cache:cache", "'app-cache:cache' is not lowercase letters")]
    [TestCase("ghcr.io/Me/app-cache", "upper-case")]
    [TestCase("ghcr.io/me/app@sha256:00", "digest")]
    public void A_repository_that_is_not_a_repository_name_is_named_with_why(string repository, string why)
    {
        var problems = CacheProblems(Pipeline(new RegistryCache { Repository = repository }));

        Assert.That(problems, Has.One.Contains($"RegistryCache.Repository '{repository}' is not a valid repository name").And.Contains(why));
    }

    [TestCase("")]
    [TestCase("-cache")]
    [TestCase("build cache")]
    public void A_scope_that_makes_no_valid_tag_is_named_with_the_tag_it_makes(string scope)
    {
        var problems = CacheProblems(Pipeline(new RegistryCache { Repository = "ghcr.io/me/app-cache", Scope = scope }));

        Assert.That(problems, Has.One.Contains($"RegistryCache.Scope '{scope}'").And.Contains("not a valid tag").And.Contains("\"buildcache\""));
    }

    [Test]
    public void A_scope_too_long_for_the_longest_arch_name_is_refused()
    {
        // Given a scope that leaves no room for "-arm32v6"
        var settings = Pipeline(new RegistryCache { Repository = "ghcr.io/me/app-cache", Scope = new string('s', 125) });

        Assert.That(CacheProblems(settings), Has.One.Contains($"-{CpuArchitecture.Arm32V6.Name}'").And.Contains("not a valid tag"));
    }

    [Test]
    public void A_cache_with_the_engine_api_build_method_is_refused_because_its_build_endpoint_exports_no_cache()
    {
        var settings = Pipeline(new RegistryCache { Repository = "ghcr.io/me/app-cache" });
        settings.BuildMethod = BuildMethod.EngineBuildKit;

        Assert.That(CacheProblems(settings), Has.One.Contains("BuildMethod is EngineBuildKit").And.Contains("BuildMethod = BuildMethod.Auto"));
    }

    [Test]
    public void BuildxMultiArch_refuses_a_bad_cache_before_docker_runs()
    {
        // Given
        var docker = new ScriptedDockerRunner();
        var settings = new BuildxMultiArchSettings { Image = "127.0.0.1:5000/app", RegistryCache = new RegistryCache { Repository = "127.0.0.1:5000/App" } };

        // When
        var exception = Assert.ThrowsAsync<MultiArchException>(() => new BuildxBuilder(docker, new CapturingLog(echo: false), "/work").BuildAsync(settings));

        // Then
        Assert.That(exception!.Message, Does.StartWith("BuildxMultiArch cannot keep its registry cache: RegistryCache.Repository '127.0.0.1:5000/App'").And.Contains("upper-case"));
        Assert.That(docker.Commands, Is.Empty);
    }
}

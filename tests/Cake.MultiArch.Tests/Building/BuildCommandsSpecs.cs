using Cake.MultiArch.Building;

namespace Cake.MultiArch.Tests.Building;

/// <summary>docker build's argument lists (BuildCommands), specified in full.</summary>
[TestFixture]
public class BuildCommandsSpecs
{
    [Test]
    public void Build_passes_platform_file_tags_base_and_context_in_order()
    {
        // Given
        var settings = new BuildArchImageSettings { Image = "127.0.0.1:5000/app", Tag = "1.0" };

        // When
        var tokens = BuildCommands.Build(settings, CpuArchitecture.Arm32V7, ["127.0.0.1:5000/app:1.0-arm32v7"], "local/qemu-arm32v7", "/src/Dockerfile", "/src");

        // Then
        Assert.That(tokens, Is.EqualTo(new[]
        {
            "build", "--platform", "linux/arm/v7", "--file", "/src/Dockerfile",
            "--tag", "127.0.0.1:5000/app:1.0-arm32v7",
            "--build-arg", "BASE=local/qemu-arm32v7",
            "/src",
        }));
    }

    [Test]
    public void Build_keeps_each_build_argument_and_label_one_token_however_odd_its_value()
    {
        // Given values a shell would interpret
        var settings = new BuildArchImageSettings
        {
            Image = "app",
            BaseArgumentName = "FROM_IMAGE",
            BuildArguments = { ["GREETING"] = "hi; rm -rf / $(id) `x`", ["MULTI"] = "a\nb" },
            Labels = { ["org.opencontainers.image.title"] = "A 'quoted' title" },
            Target = "runtime",
            Pull = true,
            NoCache = true,
            CacheFrom = { "app:cache" },
            ExtraArguments = { "--network", "host" },
        };

        // When
        var tokens = BuildCommands.Build(settings, CpuArchitecture.Arm64V8, ["app:1-arm64v8", "app:latest-arm64v8"], "base", "/d/Dockerfile", "/d");

        // Then
        Assert.That(tokens, Is.EqualTo(new[]
        {
            "build", "--platform", "linux/arm64", "--file", "/d/Dockerfile",
            "--tag", "app:1-arm64v8", "--tag", "app:latest-arm64v8",
            "--build-arg", "FROM_IMAGE=base",
            "--build-arg", "GREETING=hi; rm -rf / $(id) `x`",
            "--build-arg", "MULTI=a\nb",
            "--label", "org.opencontainers.image.title=A 'quoted' title",
            "--target", "runtime", "--pull", "--no-cache", "--cache-from", "app:cache",
            "--network", "host",
            "/d",
        }));
    }

    [Test]
    public void Build_without_a_base_passes_no_base_argument()
    {
        var tokens = BuildCommands.Build(new BuildArchImageSettings { Image = "app" }, CpuArchitecture.Amd64, ["app:latest-amd64"], null, "/d/Dockerfile", "/d");

        Assert.That(tokens, Has.No.Member("--build-arg"));
    }
    [Test]
    public void Build_reads_and_writes_the_registry_cache_of_its_own_arch_in_max_mode()
    {
        // Given
        var settings = new BuildArchImageSettings { Image = "127.0.0.1:5000/app", RegistryCache = new RegistryCache { Repository = "127.0.0.1:5000/app-cache" } };

        // When
        var tokens = BuildCommands.Build(settings, CpuArchitecture.Arm64V8, ["127.0.0.1:5000/app:1.0-arm64v8"], null, "/src/Dockerfile", "/src");

        // Then
        Assert.That(tokens, Is.EqualTo(new[]
        {
            "build", "--platform", "linux/arm64", "--file", "/src/Dockerfile",
            "--tag", "127.0.0.1:5000/app:1.0-arm64v8",
            "--cache-from", "type=registry,ref=127.0.0.1:5000/app-cache:buildcache-arm64v8",
            "--cache-to", "type=registry,ref=127.0.0.1:5000/app-cache:buildcache-arm64v8,mode=max",
            "/src",
        }));
    }

    [Test]
    public void Build_with_a_read_only_cache_reads_it_and_writes_nothing()
    {
        var settings = new BuildArchImageSettings
        {
            Image = "app",
            RegistryCache = new RegistryCache { Repository = "ghcr.io/me/cache", Scope = "pr", ReadOnly = true },
        };

        var tokens = BuildCommands.Build(settings, CpuArchitecture.Amd64, ["app:1-amd64"], null, "/d/Dockerfile", "/d");

        Assert.That(tokens, Has.No.Member("--cache-to"));
        Assert.That(tokens.SkipWhile(t => t != "--cache-from").Take(2), Is.EqualTo(new[] { "--cache-from", "type=registry,ref=ghcr.io/me/cache:pr-amd64" }));
    }

    [Test]
    public void Registry_cache_entries_carry_min_mode_and_registry_insecure_when_asked()
    {
        var cache = new RegistryCache { Repository = "10.0.0.5:5000/cache", Mode = RegistryCacheMode.Min };

        Assert.That(BuildCommands.RegistryCacheExport(cache, CpuArchitecture.Arm32V6, insecure: true),
            Is.EqualTo("type=registry,ref=10.0.0.5:5000/cache:buildcache-arm32v6,mode=min,registry.insecure=true"));
        Assert.That(BuildCommands.RegistryCacheImport(cache, CpuArchitecture.Arm32V6, insecure: true),
            Is.EqualTo("type=registry,ref=10.0.0.5:5000/cache:buildcache-arm32v6,registry.insecure=true"));
        Assert.That(BuildCommands.RegistryCacheImport(cache, CpuArchitecture.Arm32V6, insecure: false),
            Is.EqualTo("type=registry,ref=10.0.0.5:5000/cache:buildcache-arm32v6"));
    }
}

using System.Text.Json;
using Cake.MultiArch.Building;
using Cake.MultiArch.Pipeline;
using Cake.MultiArch.Publishing;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Pipeline;

/// <summary>
/// MultiArchBuild's one BuildKit invocation: on the modern engine every arch builds in one <c>docker buildx bake</c>
/// (a target per arch), BuildKit pushes each <c>&lt;image&gt;:&lt;tag&gt;-&lt;arch&gt;</c>, and the list follows; on
/// 20.10, whose docker build is the legacy builder, each arch builds and pushes on its own. Either way the registry ends
/// with the same contract: every arch tag, then the list.
/// </summary>
/// <param name="engine">The engine the fixture runs against.</param>
[NonParallelizable]
[TestFixture(Engine.Modern)]
[TestFixture(Engine.Legacy)]
public sealed class OneInvocationSpecs(Engine engine) : IntegrationTest(engine)
{
    private TestRegistry _registry = null!;
    private string _app = "";
    private string _cache = "";

    [OneTimeSetUp]
    public async Task StartRegistryAndWriteApp()
    {
        _registry = await TestRegistry.StartAsync();
        _app = Directory.CreateTempSubdirectory("multiarch-bake-").FullName;
        _cache = Directory.CreateTempSubdirectory("multiarch-bake-records-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_app, "Dockerfile"), "ARG BASE\nFROM ${BASE}\nARG GREETING=hi\nRUN echo \"$GREETING from $(uname -m)\" > /greeting\n");
    }

    [OneTimeTearDown]
    public async Task StopRegistry()
    {
        await _registry.DisposeAsync();
        Directory.Delete(_app, recursive: true);
        Directory.Delete(_cache, recursive: true);
    }

    private MultiArchBuildSettings Settings(string repository, string tag = "1.0") => new()
    {
        Image = $"{_registry.Host}/{repository}",
        Tag = tag,
        Context = _app,
        BaseImage = BusyboxBases.Repository + ":{arch}",
        QemuBaseTagPattern = "local/qemu-bake-{arch}",
        EnvironmentVariables = { [BuildRecords.CacheVariable] = _cache },
    };

    private static int Bakes(TestCakeContext context) => context.Log.Lines.Count(l => l.Contains("buildx bake --file", StringComparison.Ordinal));

    [Test]
    public async Task Every_arch_tag_and_the_list_are_published_by_one_bake_on_the_modern_engine_and_per_arch_on_20_10()
    {
        // When
        var context = new TestCakeContext(_app);
        var result = context.MultiArchBuild(Settings("whole/app"));

        // Then: one bake on the modern engine, none on 20.10
        Assert.That(Bakes(context), Is.EqualTo(CurrentEngine.BuildKit ? 1 : 0));
        Assert.That(context.Log.Lines, CurrentEngine.BuildKit ? Has.None.Contains("docker build ") : Has.Some.Contains("Building"));

        // Each arch tag is in the registry at the digest the result names; on the modern engine BuildKit's index of the
        // image and its provenance, which the list keeps
        using var api = _registry.CreateApi();
        var list = await api.GetManifestAsync("whole/app", "1.0");
        Assert.That(list.Digest, Is.EqualTo(result.ManifestList!.Digest));
        Assert.That(list.Attestations, Has.Count.EqualTo(CurrentEngine.BuildKit ? 4 : 0));
        foreach (var arch in result.Architectures)
        {
            var tagged = await api.GetManifestAsync("whole/app", $"1.0-{arch.Architecture.Name}");
            Assert.That(tagged.Digest, Is.EqualTo(arch.Digest), arch.Tag);
            Assert.That(tagged.IsList, Is.EqualTo(CurrentEngine.BuildKit), arch.Tag);
            var image = await api.GetImageManifestAsync("whole/app", arch.Digest!);
            var config = await api.GetConfigAsync("whole/app", image.ConfigDigest!);
            Assert.That(config.Architecture, Is.EqualTo(arch.Architecture.OciArchitecture), arch.Tag);
            Assert.That(list.Images.Select(e => e.Digest), Has.Member(image.Digest), arch.Tag);
        }

    }

    [Test]
    public void A_run_with_nothing_changed_builds_and_pushes_nothing()
    {
        // Given a published build
        new TestCakeContext(_app).MultiArchBuild(Settings("again/app"));

        // When it runs again
        var context = new TestCakeContext(_app);
        var result = context.MultiArchBuild(Settings("again/app"));

        // Then no bake and no push ran: every arch was up to date and already in the registry
        Assert.That(Bakes(context), Is.Zero);
        Assert.That(context.Log.Lines.Count(l => l.Contains("is up to date: built from the same inputs", StringComparison.Ordinal)), Is.EqualTo(4));
        Assert.That(context.Log.Lines.Count(l => l.Contains("is already in the registry at", StringComparison.Ordinal)), Is.EqualTo(4));
        Assert.That(result.Architectures.Select(a => a.Status), Is.All.EqualTo(ArchBuildStatus.Succeeded));
    }

    /// <summary>Joins the four busybox bases into one multi-arch name in the test registry; returns each arch's base.</summary>
    private async Task<List<PushedImage>> MultiArchBaseAsync(TestCakeContext context, string repository)
    {
        var bases = new List<PushedImage>();
        foreach (var arch in BusyboxBases.All)
        {
            var tag = $"{_registry.Host}/{repository}:{arch.Arch}";
            await HostCommand.DockerAsync("tag", arch.Image, tag);
            bases.Add(context.PushArchImage(tag, arch.Arch, new PushArchImageSettings()));
        }

        context.PushManifest($"{_registry.Host}/{repository}:multi", bases, new PushManifestSettings { ManifestMethod = ManifestMethod.Registry });
        return bases;
    }

    private MultiArchBuildSettings OneBaseSettings(string repository, string baseRepository)
    {
        var settings = Settings(repository);
        settings.BaseImage = $"{_registry.Host}/{baseRepository}:multi";
        settings.UseQemuBases = false;
        return settings;
    }

    private const string SharedTarget = "one multi-platform target";

    [Test]
    public async Task One_multi_arch_base_name_builds_each_platform_from_its_own_manifest()
    {
        // Given one multi-arch base in the registry, joined from the four busybox bases
        var context = new TestCakeContext(_app);
        var bases = await MultiArchBaseAsync(context, "bases/busybox");

        // When every arch builds from that one name, with no QEMU-enabled bases
        var settings = OneBaseSettings("onebase/app", "bases/busybox");
        var result = context.MultiArchBuild(settings);

        // Then each platform's image starts with its own platform's base layer
        using var api = _registry.CreateApi();
        foreach (var arch in result.Architectures)
        {
            var image = await api.GetImageManifestAsync("onebase/app", arch.Digest!);
            var baseImage = await api.GetImageManifestAsync("bases/busybox", bases.Single(b => b.Architecture == arch.Architecture).Digest);
            Assert.That(FirstLayer(image.Json), Is.EqualTo(FirstLayer(baseImage.Json)), arch.Tag);
        }

        // And a second run finds every arch up to date: the base, which BuildKit reads from the registry without keeping
        // it in the image store, is known by its registry digest
        var again = new TestCakeContext(_app);
        again.MultiArchBuild(settings);
        Assert.That(Bakes(again), Is.Zero);
        Assert.That(again.Log.Lines.Count(l => l.Contains("is up to date: built from the same inputs", StringComparison.Ordinal)), Is.EqualTo(4));
    }

    [Test]
    public async Task One_base_name_builds_every_platform_in_one_target_and_tags_each_platform_with_its_provenance_on_the_modern_engine()
    {
        // Given one multi-arch base name
        var context = new TestCakeContext(_app);
        await MultiArchBaseAsync(context, "bases/shared");
        var settings = OneBaseSettings("shared/app", "bases/shared");

        // When
        var result = context.MultiArchBuild(settings);

        // Then on the modern engine one bake target built every platform (20.10 builds each arch on its own)
        Assert.That(Bakes(context), Is.EqualTo(CurrentEngine.BuildKit ? 1 : 0));
        Assert.That(context.Log.Lines.Count(l => l.Contains(SharedTarget, StringComparison.Ordinal)), Is.EqualTo(CurrentEngine.BuildKit ? 1 : 0));

        // And each arch tag is its platform's image, with, on the modern engine, that image's own provenance beside it
        using var api = _registry.CreateApi();
        var list = await api.GetManifestAsync("shared/app", "1.0");
        Assert.That(list.Digest, Is.EqualTo(result.ManifestList!.Digest));
        Assert.That(list.Images.Select(e => e.Platform.Replace("arm64/v8", "arm64", StringComparison.Ordinal)), Is.EquivalentTo(result.Architectures.Select(a => a.Architecture.Platform)));
        foreach (var arch in result.Architectures)
        {
            var tagged = await api.GetManifestAsync("shared/app", $"1.0-{arch.Architecture.Name}");
            Assert.That(tagged.Digest, Is.EqualTo(arch.Digest), arch.Tag);
            var image = await api.GetImageManifestAsync("shared/app", arch.Digest!);
            var config = await api.GetConfigAsync("shared/app", image.ConfigDigest!);
            Assert.That(config.Platform.Replace("arm64/v8", "arm64", StringComparison.Ordinal), Is.EqualTo(arch.Architecture.Platform), arch.Tag);
            if (CurrentEngine.BuildKit)
            {
                Assert.That(tagged.Images.Select(e => e.Digest), Is.EqualTo(new[] { image.Digest }), arch.Tag);
                Assert.That(tagged.Attestations.Select(a => a.AttestedDigest), Is.EqualTo(new[] { image.Digest }), arch.Tag);
                Assert.That(list.Attestations.Where(a => a.AttestedDigest == image.Digest).Select(a => a.Digest), Is.EqualTo(tagged.Attestations.Select(a => a.Digest)), arch.Tag);
            }
        }

        // And a second run knows every arch from the registry: nothing is built or pushed, and the list stays
        var again = new TestCakeContext(_app);
        var second = again.MultiArchBuild(settings);
        Assert.That(Bakes(again), Is.Zero);
        Assert.That(again.Log.Lines.Count(l => l.Contains("is up to date: built from the same inputs", StringComparison.Ordinal)), Is.EqualTo(4));
        Assert.That(second.Architectures.Select(a => a.Digest), Is.EqualTo(result.Architectures.Select(a => a.Digest)));
        Assert.That((await api.GetManifestAsync("shared/app", "1.0")).Digest, Is.EqualTo(list.Digest));
    }

    [Test]
    public async Task One_base_name_keeps_a_target_per_arch_when_only_some_archs_are_built_or_no_list_is_pushed()
    {
        // Given one multi-arch base name, and two archs published from it
        var context = new TestCakeContext(_app);
        await MultiArchBaseAsync(context, "bases/subset");
        var settings = OneBaseSettings("subset/app", "bases/subset");
        settings.Architectures = [CpuArchitecture.Amd64, CpuArchitecture.Arm64V8];
        context.MultiArchBuild(settings);

        // When two more archs join: the two published are up to date, so BuildKit must not push an index of the other two
        // to the list's tag
        settings.Architectures = [CpuArchitecture.Amd64, CpuArchitecture.Arm32V7, CpuArchitecture.Arm64V8, CpuArchitecture.Arm32V6];
        var more = new TestCakeContext(_app);
        var result = more.MultiArchBuild(settings);

        // Then the two new archs were baked a target each, and the list has all four
        Assert.That(more.Log.Lines, Has.None.Contains(SharedTarget));
        Assert.That(more.Log.Lines.Count(l => l.Contains("is up to date: built from the same inputs", StringComparison.Ordinal)), Is.EqualTo(2));
        using var api = _registry.CreateApi();
        Assert.That((await api.GetManifestAsync("subset/app", "1.0")).Images, Has.Count.EqualTo(4));
        Assert.That(result.ManifestList, Is.Not.Null);

        // And a run that pushes no list never writes to the list's tag
        var noList = OneBaseSettings("nolist/app", "bases/subset");
        noList.PushManifestList = false;
        var quiet = new TestCakeContext(_app);
        quiet.MultiArchBuild(noList);
        Assert.That(quiet.Log.Lines, Has.None.Contains(SharedTarget));
        Assert.That(await api.TryGetManifestAsync("nolist/app", "1.0"), Is.Null);
        Assert.That(await api.ListTagsAsync("nolist/app"), Has.Count.EqualTo(4));
    }

    [Test]
    public async Task A_one_name_base_without_an_arch_stops_per_arch_builds_before_building_with_the_fix()
    {
        // Given one base name in the registry for amd64 and arm64v8 only
        var context = new TestCakeContext(_app);
        var bases = new List<PushedImage>();
        foreach (var arch in new[] { BusyboxBases.Amd64, BusyboxBases.Arm64V8 })
        {
            var tag = $"{_registry.Host}/partial/busybox:{arch.Arch}";
            await HostCommand.DockerAsync("tag", arch.Image, tag);
            bases.Add(context.PushArchImage(tag, arch.Arch, new PushArchImageSettings()));
        }

        context.PushManifest($"{_registry.Host}/partial/busybox:two", bases, new PushManifestSettings { ManifestMethod = ManifestMethod.Registry });

        // When each arch builds on its own (where the base is pinned per arch), arm32v7 among them
        var settings = Settings("partialbase/app");
        settings.BaseImage = $"{_registry.Host}/partial/busybox:two";
        settings.UseQemuBases = false;
        settings.BuildMethod = BuildMethod.DockerCli;
        settings.Architectures = [CpuArchitecture.Amd64, CpuArchitecture.Arm32V7];
        var again = new TestCakeContext(_app);
        var exception = Assert.Catch<MultiArchException>(() => again.MultiArchBuild(settings))!;

        // Then nothing was built, and the message names the missing platform, what the base has, and the ways out
        Assert.That(exception.Message, Does.Contain("has no image for linux/arm/v7").And.Contain("linux/amd64").And.Contain("{arch}"));
        Assert.That(again.Log.Lines, Has.None.Contains("Building "));
    }

    [Test]
    public async Task Values_with_dollar_braces_reach_the_build_as_written()
    {
        // bake reads its file as HCL, which would expand ${HOME}; the add-in escapes every value
        var settings = Settings("literal/app");
        settings.Architectures = [CpuArchitecture.Amd64, CpuArchitecture.Arm64V8];
        settings.BuildArguments["GREETING"] = "${HOME} and %{ if true }x%{ endif }";
        settings.Labels["org.example.literal"] = "${USER}";
        var result = new TestCakeContext(_app).MultiArchBuild(settings);

        using var api = _registry.CreateApi();
        var image = await api.GetImageManifestAsync("literal/app", result.Architectures[0].Digest!);
        var config = await api.GetConfigAsync("literal/app", image.ConfigDigest!);
        using var document = JsonDocument.Parse(config.Json);
        Assert.That(document.RootElement.GetProperty("config").GetProperty("Labels").GetProperty("org.example.literal").GetString(), Is.EqualTo("${USER}"));
        var run = await HostCommand.RunCheckedAsync("docker", ["run", "--rm", "--platform", "linux/amd64", $"{_registry.Host}/literal/app:1.0-amd64", "cat", "/greeting"]);
        Assert.That(run.StandardOutput.Trim(), Is.EqualTo("${HOME} and %{ if true }x%{ endif } from x86_64"));
    }

    [Test]
    public async Task A_failing_arch_fails_the_run_with_its_name_and_no_list_is_published()
    {
        // Given a Dockerfile whose RUN fails on arm32v7 only
        var app = Directory.CreateTempSubdirectory("multiarch-bake-fail-").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(app, "Dockerfile"), "ARG BASE\nFROM ${BASE}\nRUN test \"$(uname -m)\" != armv7l || { echo no armv7l here; exit 3; }\n");
            var settings = Settings("failing/app");
            settings.Context = app;
            settings.Architectures = [CpuArchitecture.Amd64, CpuArchitecture.Arm32V7];

            // When
            var exception = Assert.Throws<MultiArchBuildException>(() => new TestCakeContext(app).MultiArchBuild(settings))!;

            // Then the failure names the arch and the failing command, and the registry has no list
            Assert.That(exception.Message, Does.Contain("arm32v7").And.Contain("no armv7l here"));
            Assert.That(exception.Result.Architectures.Single(a => a.Architecture == CpuArchitecture.Arm32V7).Status, Is.EqualTo(ArchBuildStatus.Failed));
            using var api = _registry.CreateApi();
            Assert.That(await api.TryGetManifestAsync("failing/app", "1.0"), Is.Null);
        }
        finally
        {
            Directory.Delete(app, recursive: true);
        }
    }

    [Test]
    public async Task A_client_without_buildx_is_told_to_install_it_on_the_modern_engine_and_needs_none_on_20_10()
    {
        // Given a docker client configuration without the buildx plugin
        var config = Directory.CreateTempSubdirectory("multiarch-plugins-").FullName;
        try
        {
            var settings = Settings("plain/app");
            settings.Architectures = [CpuArchitecture.Amd64, CpuArchitecture.Arm32V7];
            settings.ConfigDirectory = config;
            var context = new TestCakeContext(_app);

            if (CurrentEngine.BuildKit)
            {
                // Then the modern engine's run stops before building, naming the plugin and how to install it; no list
                var exception = Assert.Throws<MultiArchBuildException>(() => context.MultiArchBuild(settings))!;
                Assert.That(exception.Message, Does.Contain("no buildx plugin").And.Contain("docker-buildx"));
                using var api = _registry.CreateApi();
                Assert.That(await api.TryGetManifestAsync("plain/app", "1.0"), Is.Null);
            }
            else
            {
                // And 20.10 needs none: each arch is built and pushed on its own
                var result = context.MultiArchBuild(settings);
                Assert.That(context.Log.Lines, Has.None.Contains("buildx plugin"));
                Assert.That(context.Log.Lines.Count(l => l.Contains("] Pushing ", StringComparison.Ordinal)), Is.EqualTo(2));
                Assert.That(result.ManifestList, Is.Not.Null);
            }
        }
        finally
        {
            Directory.Delete(config, recursive: true);
        }
    }

    [Test]
    public async Task A_registry_that_is_down_fails_every_arch_with_the_fix_and_no_list_exists()
    {
        // Given a registry that is down when the images are pushed (no preflight, which would find it first)
        await using var registry = await TestRegistry.StartAsync(new TestRegistryOptions { Persistent = true });
        registry.Stop();
        var settings = Settings("down/app");
        settings.Image = $"{registry.Host}/down/app";
        settings.Architectures = [CpuArchitecture.Amd64, CpuArchitecture.Arm64V8];
        settings.Preflight = false;
        settings.Force = true;
        settings.Retry = new RetryPolicy { Attempts = 2, InitialDelay = TimeSpan.FromMilliseconds(200) };

        // When
        var exception = Assert.Throws<MultiArchBuildException>(() => new TestCakeContext(_app).MultiArchBuild(settings))!;

        // Then every arch failed, with the cause and its fix, and the registry (back up) holds nothing
        Assert.That(exception.Result.Architectures.Select(a => a.Status), Is.All.EqualTo(ArchBuildStatus.Failed));
        Assert.That(exception.Message, Does.Contain("no manifest list was pushed").And.Contain("Nothing answers at that address"));
        registry.Start();
        using var api = registry.CreateApi();
        Assert.That(await api.ListTagsAsync("down/app"), Is.Empty);
    }

    private static string FirstLayer(string manifestJson)
    {
        using var document = JsonDocument.Parse(manifestJson);
        return document.RootElement.GetProperty("layers")[0].GetProperty("digest").GetString()!;
    }
}

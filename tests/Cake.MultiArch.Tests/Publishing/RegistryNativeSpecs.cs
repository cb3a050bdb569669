using Cake.MultiArch.Pipeline;
using Cake.MultiArch.Publishing;
using Cake.MultiArch.Registry;
using Cake.MultiArch.Tests.Infrastructure;
using Cake.MultiArch.Verification;

namespace Cake.MultiArch.Tests.Publishing;

/// <summary>Manifest lists through the registry's HTTP API, verification of what was published, and incremental re-runs.</summary>
/// <param name="engine">The engine the fixture runs against.</param>
[NonParallelizable]
[TestFixture(Engine.Modern)]
[TestFixture(Engine.Legacy)]
public sealed class RegistryNativeSpecs(Engine engine) : IntegrationTest(engine)
{
    private TestRegistry _registry = null!;
    private string _app = "";

    [OneTimeSetUp]
    public async Task StartRegistryAndWriteApp()
    {
        _registry = await TestRegistry.StartAsync();
        _app = Directory.CreateTempSubdirectory("multiarch-native-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_app, "Dockerfile"), "ARG BASE\nFROM ${BASE}\nRUN uname -m > /machine\n");
    }

    [OneTimeTearDown]
    public async Task StopRegistry()
    {
        await _registry.DisposeAsync();
        Directory.Delete(_app, recursive: true);
    }

    private MultiArchBuildResult Build(TestCakeContext context, string repository, string tag, Action<MultiArchBuildSettings>? change = null)
    {
        var settings = new MultiArchBuildSettings
        {
            Image = $"{_registry.Host}/{repository}",
            Tag = tag,
            BaseImage = BusyboxBases.Repository + ":{arch}",
            QemuBaseTagPattern = "local/qemu-test-{arch}",
            PushManifestList = false,
        };
        change?.Invoke(settings);
        return context.MultiArchBuild(settings);
    }

    private static IReadOnlyList<PushedImage> Pushed(MultiArchBuildResult result) =>
        result.Architectures.Select(a => new PushedImage(a.Architecture, a.Tag, a.Digest!)).ToArray();

    [TestCase(ManifestListFormat.DockerManifestList, "application/vnd.docker.distribution.manifest.list.v2+json")]
    [TestCase(ManifestListFormat.OciImageIndex, "application/vnd.oci.image.index.v1+json")]
    public async Task The_registry_method_publishes_the_list_without_docker_manifest(ManifestListFormat format, string mediaType)
    {
        // Given four pushed arch images and no docker manifest command at all (docker is a stub that has none)
        var context = new TestCakeContext(_app);
        var images = Pushed(Build(context, "native/app", format.ToString().ToLowerInvariant()));
        var noManifest = Path.Combine(_app, "docker-without-manifest");
        await File.WriteAllTextAsync(noManifest, "#!/bin/sh\nif [ \"$1\" = manifest ]; then echo \"docker: 'manifest' is not a docker command.\" >&2; exit 1; fi\nexec docker \"$@\"\n");
        await HostCommand.RunCheckedAsync("chmod", ["+x", noManifest]);

        var settings = new PushManifestSettings
        {
            ManifestMethod = ManifestMethod.Registry,
            Format = format,
            ToolPath = noManifest,
        };
        var listTag = $"{_registry.Host}/native/app:{format.ToString().ToLowerInvariant()}";
        using var api = _registry.CreateApi();
        if (CurrentEngine.BuildKit && format == ManifestListFormat.DockerManifestList)
        {
            // BuildKit's images are OCI manifests, which a Docker manifest list may not reference: refused, nothing pushed
            var error = Assert.Throws<MultiArchException>(() => context.PushManifest(listTag, images, settings));
            Assert.That(error!.Message, Does.Contain("OCI image manifest").And.Contain("Leave Format at Auto"));
            Assert.That(await api.TryGetManifestAsync("native/app", format.ToString().ToLowerInvariant()), Is.Null);
            return;
        }

        // When
        var list = context.PushManifest(listTag, images, settings);

        // Then: each entry is the platform's image (inside BuildKit's per-arch index on the modern engine)
        var manifest = await api.GetManifestAsync("native/app", format.ToString().ToLowerInvariant());
        Assert.That(manifest.MediaType, Is.EqualTo(mediaType));
        Assert.That(manifest.Digest, Is.EqualTo(list.Digest));
        var expected = new List<(string, string)>();
        foreach (var image in images)
        {
            expected.Add((ImagePlatform.From(image.Architecture!).ToString(), (await api.GetImageManifestAsync("native/app", image.Digest)).Digest));
        }

        Assert.That(manifest.Images.Select(e => (e.Platform, e.Digest)), Is.EquivalentTo(expected));
        Assert.That(manifest.Attestations, Has.Count.EqualTo(CurrentEngine.BuildKit ? 4 : 0));
        Assert.That(context.Log.Lines, Has.None.Contains("manifest create"));
    }

    [Test]
    public void Verify_reads_the_list_back_and_runs_each_arch_under_qemu()
    {
        var context = new TestCakeContext(_app);
        var result = Build(context, "verified/app", "1", s =>
        {
            s.PushManifestList = true;
            s.Verify = true;
            s.VerifyCommand = ["cat", "/machine"];
        });

        Assert.That(result.Verified, Is.Not.Null);
        Assert.That(result.Verified!.Entries.ToDictionary(e => e.Architecture.Name, e => e.Output), Is.EquivalentTo(new Dictionary<string, string?>
        {
            ["amd64"] = "x86_64",
            ["arm32v6"] = "armv7l",
            ["arm32v7"] = "armv7l",
            ["arm64v8"] = "aarch64",
        }));
    }

    [Test]
    public void Verify_names_every_missing_and_unexpected_platform()
    {
        // Given a list of two archs
        var context = new TestCakeContext(_app);
        var result = Build(context, "partial/app", "1", s =>
        {
            s.Architectures = [CpuArchitecture.Amd64, CpuArchitecture.Arm64V8];
            s.PushManifestList = true;
        });

        // When it is verified against the classic four, with arm64v8 not expected
        var exception = Assert.Throws<MultiArchException>(() => context.VerifyManifest($"{_registry.Host}/partial/app:1", new VerifyManifestSettings
        {
            ExpectedArchitectures = { "amd64", "arm32v6", "arm32v7" },
        }));

        // Then
        Assert.That(result.ManifestList, Is.Not.Null);
        Assert.That(exception!.Message, Does.Contain("linux/arm/v6 (arm32v6) is missing")
            .And.Contain("linux/arm/v7 (arm32v7) is missing")
            .And.Contain("linux/arm64/v8 (arm64v8) is listed but was not expected")
            .And.Contain("Publish it again"));
    }

    [Test]
    public async Task A_second_run_with_nothing_changed_pushes_nothing_and_leaves_the_list()
    {
        // Given a published image
        var first = Build(new TestCakeContext(_app), "incremental/app", "1", s => s.PushManifestList = true);
        using var api = _registry.CreateApi();
        var before = await api.GetManifestAsync("incremental/app", "1");

        // When the same pipeline runs again
        var again = new TestCakeContext(_app);
        var second = Build(again, "incremental/app", "1", s => s.PushManifestList = true);

        // Then no push and no list push happened, and the result is the same
        Assert.That(again.Log.Lines, Has.None.Contains("> /usr/bin/docker push").And.None.Contains(" push 127.0.0.1"));
        Assert.That(again.Log.Lines.Count(l => l.Contains("not pushed again", StringComparison.Ordinal)), Is.EqualTo(5));
        Assert.That(again.Log.Lines.Count(l => l.Contains("is up to date: built from the same inputs", StringComparison.Ordinal)), Is.EqualTo(4));
        Assert.That(again.Log.Lines, Has.None.Contains("docker build ").And.None.Contains("docker tag "));
        Assert.That(second.ManifestList!.Digest, Is.EqualTo(first.ManifestList!.Digest));
        Assert.That((first.ManifestList.Unchanged, second.ManifestList.Unchanged), Is.EqualTo((false, true)));
        Assert.That(second.ToTable(), Does.Match(CurrentEngine.BuildKit ? @"list +4 platforms \+ 4 attestations +unchanged " : @"list +4 platforms +unchanged "));
        // One connection to the loopback registry for the whole run, in plain HTTP at once, checked once (the preflight
        // connects it); every later call (4 tags, the list) reuses it.
        Assert.That(again.Log.Lines.Count(l => l.Contains($"GET http://{_registry.Host}/v2/ ->", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(again.Log.Lines, Has.None.Contains($"https://{_registry.Host}"));
        Assert.That(second.Architectures.Select(a => a.Digest), Is.EqualTo(first.Architectures.Select(a => a.Digest)));
        Assert.That((await api.GetManifestAsync("incremental/app", "1")).Digest, Is.EqualTo(before.Digest));
    }

    [Test]
    public void A_changed_context_file_rebuilds_and_republishes()
    {
        // Given a published image and a context file added since
        var first = Build(new TestCakeContext(_app), "changed/app", "1", s => s.PushManifestList = true);
        var added = Path.Combine(_app, "added.txt");
        // New content each run: build records outlive a test run (in the user's cache), and a record of the same image
        // with the same inputs from an earlier run would rightly count as up to date.
        File.WriteAllText(added, "new input " + Guid.NewGuid().ToString("N"));
        try
        {
            // When
            var again = new TestCakeContext(_app);
            var second = Build(again, "changed/app", "1", s => s.PushManifestList = true);

            // Then every arch is built again (on the modern engine in one bake that names every arch tag); the images are
            // new only if their layers changed, and the list follows them
            Assert.That(again.Log.Lines, Has.None.Contains("is up to date"));
            var builds = again.Log.Lines.Where(l => l.Contains("Building ", StringComparison.Ordinal)).ToArray();
            Assert.That(builds, Has.Length.EqualTo(CurrentEngine.BuildKit ? 1 : 4));
            Assert.That(second.Architectures.Select(a => a.Tag), Is.All.Matches<string>(tag => builds.Any(b => b.Contains(tag + " for ", StringComparison.Ordinal))));
            Assert.That(second.ManifestList, Is.Not.Null);
            Assert.That(first.ManifestList, Is.Not.Null);
        }
        finally
        {
            File.Delete(added);
        }
    }

    [Test]
    public void Force_pushes_again()
    {
        Build(new TestCakeContext(_app), "forced/app", "1", s => s.PushManifestList = true);

        var again = new TestCakeContext(_app);
        var forced = Build(again, "forced/app", "1", s =>
        {
            s.PushManifestList = true;
            s.Force = true;
        });

        Assert.That(again.Log.Lines, Has.None.Contains("not pushed again"));
        // Pushed by docker push on 20.10, by the bake on the modern engine: once either way
        Assert.That(again.Log.Lines.Count(l => l.StartsWith("[arm32v7] Pushed ", StringComparison.Ordinal)), Is.EqualTo(1));
        Assert.That(forced.ManifestList!.Unchanged, Is.False);
    }
}

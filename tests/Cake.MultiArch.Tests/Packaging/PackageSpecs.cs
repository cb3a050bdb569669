using System.IO.Compression;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Packaging;

/// <summary>
/// The .nupkg that <c>dotnet pack</c> makes, read as NuGet and Cake read it: a zip holding a nuspec (XML), the
/// assembly and its docs. The metadata is checked on the package the tests load (<see cref="PackedAddin"/>);
/// determinism and source link on two packs of fresh clones of the same commit, as a CI checkout would make.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class PackageSpecs
{
    private const string Id = "Cake.MultiArch";
    private const string RepositoryUrl = "https://github.com/cake-multiarch/Cake.MultiArch.git";

    // The GUID of the source link custom debug information in a portable PDB.
    private static readonly Guid SourceLinkKind = new("CC110556-A091-4D38-9FEC-25AB9A351A6A");

    private string _package = "";
    private XElement _metadata = null!;
    private XNamespace _ns = XNamespace.None;

    [OneTimeSetUp]
    public async Task ReadThePackage()
    {
        var (feed, version) = await PackedAddin.EnsureAsync();
        _package = Path.Combine(feed, $"{Id}.{version}.nupkg");
        Assert.That(File.Exists(_package), Is.True, $"PackedAddin should have written {_package}");
        using var zip = ZipFile.OpenRead(_package);
        var nuspec = XDocument.Parse(ReadText(zip, $"{Id}.nuspec"));
        _ns = nuspec.Root!.Name.Namespace;
        _metadata = nuspec.Root.Element(_ns + "metadata")!;
    }

    [Test]
    public void Id_and_tags_let_the_cake_ecosystem_find_the_addin()
    {
        Assert.That(Metadata("id"), Is.EqualTo(Id));
        Assert.That(Metadata("tags").Split(' ', StringSplitOptions.RemoveEmptyEntries), Does.Contain("cake-addin"));
        Assert.That(Metadata("description"), Is.Not.Empty);
        Assert.That(Metadata("authors"), Is.Not.Empty);
    }

    [Test]
    public void The_readme_is_the_repository_front_page_embedded_and_referenced()
    {
        using var zip = ZipFile.OpenRead(_package);
        Assert.That(Metadata("readme"), Is.EqualTo("README.md"));
        Assert.That(ReadText(zip, "README.md"), Is.EqualTo(File.ReadAllText(RepositoryLayout.PathTo("README.md"))));
    }

    [Test]
    public void The_icon_is_a_png_embedded_and_referenced()
    {
        using var zip = ZipFile.OpenRead(_package);
        Assert.That(Metadata("icon"), Is.EqualTo("icon.png"));
        var icon = ReadBytes(zip, "icon.png");
        Assert.That(icon.Take(8), Is.EqualTo(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }), "icon.png should be a PNG");
    }

    [Test]
    public void The_licence_is_the_mit_expression_and_the_repository_is_named()
    {
        var license = _metadata.Element(_ns + "license");
        Assert.That(license?.Attribute("type")?.Value, Is.EqualTo("expression"));
        Assert.That(license?.Value, Is.EqualTo("MIT"));

        var repository = _metadata.Element(_ns + "repository");
        Assert.That(repository?.Attribute("type")?.Value, Is.EqualTo("git"));
        Assert.That(repository?.Attribute("url")?.Value, Is.EqualTo(RepositoryUrl));
        Assert.That(Metadata("projectUrl"), Does.StartWith("https://"));
    }

    [Test]
    public void The_repository_element_names_the_commit_it_was_packed_from()
    {
        var head = Git(RepositoryLayout.Root, "rev-parse", "HEAD");
        Assert.That(_metadata.Element(_ns + "repository")?.Attribute("commit")?.Value, Is.EqualTo(head));
    }

    [Test]
    public void The_assembly_and_its_xml_docs_are_in_lib_net10_and_no_cake_assembly_is_shipped()
    {
        using var zip = ZipFile.OpenRead(_package);
        var files = zip.Entries.Select(e => e.FullName).ToArray();

        Assert.That(files, Does.Contain("lib/net10.0/Cake.MultiArch.dll"));
        Assert.That(files, Does.Contain("lib/net10.0/Cake.MultiArch.xml"));
        // Cake loads its own Cake.Core and Cake.Common; copies inside an add-in would clash with them.
        Assert.That(files.Select(Path.GetFileName), Has.None.StartsWith("Cake.Core").And.None.StartsWith("Cake.Common"));
        Assert.That(files.Where(f => f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase)), Is.EqualTo(new[] { "lib/net10.0/Cake.MultiArch.dll" }));
        Assert.That(ReadText(zip, "lib/net10.0/Cake.MultiArch.xml"), Does.Contain("M:Cake.MultiArch.MultiArchAliases.BuildArchImage"));
    }

    [Test]
    public void CliWrap_3_10_5_is_the_only_dependency_and_cake_is_none()
    {
        var dependencies = _metadata.Descendants(_ns + "dependency")
            .Select(d => (Id: d.Attribute("id")!.Value, Version: d.Attribute("version")!.Value))
            .ToArray();

        Assert.That(dependencies, Is.EqualTo(new[] { ("CliWrap", "3.10.5") }));
        Assert.That(_metadata.Descendants(_ns + "group").Select(g => g.Attribute("targetFramework")?.Value), Is.EqualTo(new[] { "net10.0" }));
    }

    [Test]
    public void The_assembly_carries_ready_to_run_code_for_linux_x64_beside_its_il()
    {
        using var zip = ZipFile.OpenRead(_package);
        using var pe = new PEReader(new MemoryStream(ReadBytes(zip, "lib/net10.0/Cake.MultiArch.dll")));
        var metadata = pe.GetMetadataReader();

        // A ReadyToRun image has a managed native header; its machine is x64 and its IL is still there for the rest.
        Assert.That(pe.PEHeaders.CorHeader!.ManagedNativeHeaderDirectory.Size, Is.GreaterThan(0));
        Assert.That(pe.PEHeaders.CoffHeader.Machine, Is.Not.EqualTo(Machine.I386));
        Assert.That(metadata.MethodDefinitions.Select(metadata.GetMethodDefinition).Count(m => m.RelativeVirtualAddress != 0), Is.GreaterThan(100));
    }

    [Test]
    public async Task Under_cake_the_addin_runs_its_own_methods_precompiled_even_those_that_touch_cake_types()
    {
        // Given a script that uses settings classes (their properties are Cake types such as DirectoryPath) and
        // parses architectures, run by the real Cake with the runtime listing every method it JIT-compiles
        var folder = await PackedAddin.ScriptFolderAsync("""
            var settings = new MultiArchBuildSettings
            {
                Image = "127.0.0.1:5000/precompiled",
                Tag = "1.0",
                Architectures = CpuArchitecture.ParseList("amd64,arm32v7").ToList(),
                Context = "./app",
                BuildArguments = { ["VERSION"] = "1.0" },
                MaxParallelism = 2,
            };
            var build = new BuildArchImageSettings { Image = settings.Image, Context = settings.Context, TagPattern = "{image}:{arch}" };
            Information(settings.Image + ":" + settings.Tag + " " + string.Join(",", settings.Architectures.Select(a => a.Platform)) + " " + build.Context.FullPath);
            """);
        var jitLog = Path.Combine(folder, "jit.txt");

        // When
        var run = await PackedAddin.RunCakeAsync(folder, new Dictionary<string, string?>
        {
            ["DOTNET_JitStdOutFile"] = jitLog,
            ["DOTNET_JitDisasmSummary"] = "1",
        });

        // Then the runtime used the ReadyToRun code for every method of the add-in's own that ran: a missing one is
        // compiled at Tier0 (before the Cake references reached crossgen2, every settings property was)
        Assert.That(run.ExitCode, Is.EqualTo(0), run.Describe());
        Assert.That(run.StandardOutput, Does.Contain("127.0.0.1:5000/precompiled:1.0 linux/amd64,linux/arm/v7 app"));
        var compiled = await File.ReadAllLinesAsync(jitLog);
        Assert.That(compiled, Has.Some.Contains("JIT compiled Cake.Core."), "the log lists what the JIT compiled (Cake's own assemblies are not precompiled)");
        var ours = compiled.Where(l => l.Contains("JIT compiled Cake.MultiArch.", StringComparison.Ordinal) && l.Contains("Tier0", StringComparison.Ordinal));
        Assert.That(ours, Is.Empty, "methods of the add-in that were JIT-compiled instead of precompiled");
    }

    [Test]
    public void The_assembly_carries_an_embedded_pdb()
    {
        using var zip = ZipFile.OpenRead(_package);
        using var pe = new PEReader(new MemoryStream(ReadBytes(zip, "lib/net10.0/Cake.MultiArch.dll")));

        var debug = pe.ReadDebugDirectory();
        Assert.That(debug.Select(d => d.Type), Does.Contain(DebugDirectoryEntryType.EmbeddedPortablePdb));
        Assert.That(debug.Select(d => d.Type), Does.Contain(DebugDirectoryEntryType.Reproducible), "a deterministic build marks its PE as reproducible");
    }

    [Test]
    public async Task Two_packs_of_fresh_clones_of_one_commit_give_the_same_assembly_with_source_link_to_github()
    {
        // Given two clones of the commit, with the GitHub remote a CI checkout has, in two different folders
        var workspace = Directory.CreateTempSubdirectory("cake-multiarch-pack-").FullName;
        try
        {
            var commit = Git(RepositoryLayout.Root, "rev-parse", "HEAD");
            var clones = new[] { Path.Combine(workspace, "one"), Path.Combine(workspace, "two", "deeper") };
            foreach (var clone in clones)
            {
                await HostCommand.RunCheckedAsync("git", ["clone", "--quiet", "--no-hardlinks", RepositoryLayout.Root, clone]);
                await HostCommand.RunCheckedAsync("git", ["-C", clone, "checkout", "--quiet", "--detach", commit]);
                await HostCommand.RunCheckedAsync("git", ["-C", clone, "remote", "set-url", "origin", RepositoryUrl]);
            }

            // When each is packed as CI packs (ContinuousIntegrationBuild maps the source paths to /_/)
            var packs = clones.Select(clone => HostCommand.RunCheckedAsync(
                "dotnet",
                ["pack", Path.Combine(clone, "src", "Cake.MultiArch", "Cake.MultiArch.csproj"), "-c", "Release", "-o", Path.Combine(clone, "out"),
                 "-p:Version=0.0.0-determinism", "-p:ContinuousIntegrationBuild=true", "--nologo"],
                workingDirectory: clone,
                timeout: TimeSpan.FromMinutes(5)));
            await Task.WhenAll(packs);

            // Then the assemblies are identical, byte for byte
            var assemblies = clones.Select(clone =>
            {
                using var zip = ZipFile.OpenRead(Path.Combine(clone, "out", $"{Id}.0.0.0-determinism.nupkg"));
                return ReadBytes(zip, "lib/net10.0/Cake.MultiArch.dll");
            }).ToArray();
            Assert.That(Convert.ToHexString(SHA256.HashData(assemblies[1])), Is.EqualTo(Convert.ToHexString(SHA256.HashData(assemblies[0]))));

            // And the embedded PDB maps the sources to that commit on GitHub
            var sourceLink = SourceLinkJson(assemblies[0]);
            Assert.That(sourceLink, Is.Not.Null, "the embedded PDB should carry source link information");
            Assert.That(sourceLink, Does.Contain($"https://raw.githubusercontent.com/cake-multiarch/Cake.MultiArch/{commit}/*"));
            Assert.That(sourceLink, Does.Contain("\"/_/*\""), "source paths should be mapped (/_/) so they do not depend on the build folder");
        }
        finally
        {
            Directory.Delete(workspace, recursive: true);
        }
    }

    /// <summary>The source link JSON of the PDB embedded in an assembly, or <see langword="null"/> when it has none.</summary>
    private static string? SourceLinkJson(byte[] assembly)
    {
        using var pe = new PEReader(new MemoryStream(assembly));
        var embedded = pe.ReadDebugDirectory().Single(d => d.Type == DebugDirectoryEntryType.EmbeddedPortablePdb);
        using var provider = pe.ReadEmbeddedPortablePdbDebugDirectoryData(embedded);
        var pdb = provider.GetMetadataReader();
        foreach (var handle in pdb.GetCustomDebugInformation(EntityHandle.ModuleDefinition))
        {
            var information = pdb.GetCustomDebugInformation(handle);
            if (pdb.GetGuid(information.Kind) == SourceLinkKind)
            {
                return Encoding.UTF8.GetString(pdb.GetBlobBytes(information.Value));
            }
        }

        return null;
    }

    private string Metadata(string name) => _metadata.Element(_ns + name)?.Value ?? "";

    private static string Git(string repository, params string[] arguments) =>
        HostCommand.RunCheckedAsync("git", ["-C", repository, .. arguments]).GetAwaiter().GetResult().StandardOutput.Trim();

    private static byte[] ReadBytes(ZipArchive zip, string name)
    {
        var entry = zip.GetEntry(name) ?? throw new AssertionException($"The package has no {name}; it has {string.Join(", ", zip.Entries.Select(e => e.FullName))}.");
        using var stream = entry.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    private static string ReadText(ZipArchive zip, string name) => Encoding.UTF8.GetString(ReadBytes(zip, name)).TrimStart('\uFEFF');
}

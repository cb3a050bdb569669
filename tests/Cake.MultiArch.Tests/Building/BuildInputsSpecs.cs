using Cake.MultiArch.Building;

namespace Cake.MultiArch.Tests.Building;

[TestFixture]
public class BuildInputsSpecs
{
    private string _context = "";

    [SetUp]
    public void CreateContext()
    {
        _context = Directory.CreateTempSubdirectory("build-inputs-").FullName;
        File.WriteAllText(Path.Combine(_context, "Dockerfile"), "ARG BASE\nFROM ${BASE}\nCOPY . /app\n");
        Directory.CreateDirectory(Path.Combine(_context, "src"));
        File.WriteAllText(Path.Combine(_context, "src", "main.sh"), "echo hi");
    }

    [TearDown]
    public void RemoveContext() => Directory.Delete(_context, recursive: true);

    private string Digest(BuildArchImageSettings? settings = null, string baseId = "sha256:base", CpuArchitecture? architecture = null) =>
        BuildInputs.Digest(BuildSources.Resolve(_context, null, "/"), architecture ?? CpuArchitecture.Arm32V7, baseId, settings ?? new BuildArchImageSettings(), "local/qemu-arm32v7");

    [Test]
    public void The_same_inputs_give_the_same_digest()
    {
        var first = Digest();
        var second = Digest();

        Assert.That(second, Is.EqualTo(first).And.StartWith("sha256:"));
    }

    [Test]
    public void Every_input_changes_the_digest()
    {
        var original = Digest();
        var changes = new Dictionary<string, Func<string>>
        {
            ["platform"] = () => Digest(architecture: CpuArchitecture.Arm32V6),
            ["base image"] = () => Digest(baseId: "sha256:other"),
            ["build argument"] = () => Digest(new BuildArchImageSettings { BuildArguments = { ["VERSION"] = "2" } }),
            ["label"] = () => Digest(new BuildArchImageSettings { Labels = { ["a"] = "b" } }),
            ["target"] = () => Digest(new BuildArchImageSettings { Target = "runtime" }),
            ["context file"] = () =>
            {
                File.WriteAllText(Path.Combine(_context, "src", "main.sh"), "echo changed");
                return Digest();
            },
        };

        foreach (var (input, changed) in changes)
        {
            Assert.That(changed(), Is.Not.EqualTo(original), input);
        }
    }

    [Test]
    public void Files_the_dockerignore_excludes_do_not_count()
    {
        File.WriteAllText(Path.Combine(_context, ".dockerignore"), "# build output\nbin/\n**/*.log\n!keep.log\n");
        var before = Digest();

        Directory.CreateDirectory(Path.Combine(_context, "bin"));
        File.WriteAllText(Path.Combine(_context, "bin", "app.dll"), "binary");
        File.WriteAllText(Path.Combine(_context, "src", "debug.log"), "log");
        Assert.That(Digest(), Is.EqualTo(before));

        File.WriteAllText(Path.Combine(_context, "keep.log"), "kept");
        Assert.That(Digest(), Is.Not.EqualTo(before));
    }

    [TestCase("node_modules", "node_modules/x/index.js", true)]
    [TestCase("*.md", "README.md", true)]
    [TestCase("*.md", "docs/guide.md", false)]
    [TestCase("**/*.md", "docs/guide.md", true)]
    [TestCase("**/*.md", "README.md", true)]
    [TestCase("docs/**", "docs/a/b.txt", true)]
    [TestCase("?.txt", "a.txt", true)]
    [TestCase("?.txt", "ab.txt", false)]
    [TestCase("./tmp", "tmp/x", true)]
    public void Dockerignore_patterns_match_as_docker_reads_them(string pattern, string path, bool excluded)
    {
        Assert.That(BuildInputs.DockerIgnore.Parse([pattern]).Excludes(path), Is.EqualTo(excluded));
    }
}

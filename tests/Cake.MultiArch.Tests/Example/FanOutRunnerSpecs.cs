using Cake.MultiArch.Tests.Example.Templates;

namespace Cake.MultiArch.Tests.Example;

/// <summary>
/// The fan-out templates' shape, read as each CI reads them: one job per arch on a runner of that arch where the CI
/// has one (32-bit ARM on the arm64 runner, through qemu-arm), and the merge after every arch's job.
/// </summary>
[TestFixture]
public class FanOutRunnerSpecs
{
    private const string AzureArm64Pool = "arm64-linux (Agent.OS -equals Linux, Agent.OSArchitecture -equals ARM64)";

    private static readonly Dictionary<string, string> Variables = new()
    {
        ["REGISTRY"] = "127.0.0.1:5000",
        ["IMAGE"] = "fanout/app",
        ["TAG"] = "1.0",
        ["REGISTRY_USER"] = "",
        ["REGISTRY_PASSWORD"] = "",
    };

    [TestCase("github", "ubuntu-24.04", "ubuntu-24.04-arm")]
    [TestCase("azure", "ubuntu-24.04", AzureArm64Pool)]
    [TestCase("travis", "amd64", "arm64")]
    public void Each_arch_has_one_job_on_a_native_runner_and_32_bit_arm_runs_on_the_arm64_one(string ci, string amd64Runner, string arm64Runner)
    {
        // Given
        var jobs = FanOutTemplate.Jobs(ci, Variables);

        // When
        var runners = jobs.Where(j => j.Arch is not null).ToDictionary(j => j.Arch!, j => j.Runner);

        // Then
        Assert.That(runners, Is.EquivalentTo(new Dictionary<string, string>
        {
            ["amd64"] = amd64Runner,
            ["arm64v8"] = arm64Runner,
            ["arm32v7"] = arm64Runner,
            ["arm32v6"] = arm64Runner,
        }));
    }

    [TestCase("github")]
    [TestCase("azure")]
    [TestCase("travis")]
    public void The_merge_job_needs_every_arch_job_and_downloads_what_they_upload(string ci)
    {
        // Given
        var jobs = FanOutTemplate.Jobs(ci, Variables);

        // When
        var archJobs = jobs.Where(j => j.Arch is not null).ToArray();
        var merge = jobs.Single(j => j.Arch is null);

        // Then the merge is last, needs the groups of every arch job, and takes every artifact they keep
        Assert.That(jobs[^1], Is.SameAs(merge));
        Assert.That(merge.Needs, Is.SupersetOf(archJobs.Select(j => j.Group).Distinct()));
        foreach (var job in archJobs)
        {
            var cake = job.Steps.OfType<CakeStep>().Single();
            var upload = job.Steps.OfType<UploadStep>().Single();
            Assert.That(cake.Command, Does.Contain("--target=PublishArch"), job.Name);
            Assert.That(job.Steps.Last(), Is.SameAs(upload), $"{job.Name} keeps its publication after building");
            Assert.That(upload.Paths, Is.EqualTo(new[] { $"example/publications/{job.Arch}.json" }), job.Name);
            Assert.That(merge.Steps.OfType<DownloadStep>().Any(d => Yaml.Matches(upload.Artifact, d.ArtifactPattern)), Is.True, $"the merge does not download {upload.Artifact}");
        }

        Assert.That(merge.Steps.OfType<CakeStep>().Single().Command, Does.Contain("--target=Merge"));
        Assert.That(merge.Steps[^1], Is.InstanceOf<CakeStep>(), "the merge downloads before it merges");
    }
}

using System.Diagnostics;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Example.Templates;

/// <summary>
/// Runs a template's jobs in order on this machine: each job in a checkout of its own (a copy of the example, loading
/// the packed add-in), its build-script steps through bash, its uploads copied into a folder that stands in for the
/// CI's artifact store and its downloads copied out of it.
/// </summary>
/// <param name="workspace">
/// The folder that holds the checkouts and the store; it must hold the tool manifest and a nuget.config naming the feed.
/// </param>
/// <param name="addinVersion">The packed add-in's version, which each checkout's build.cake loads.</param>
internal sealed class FanOutRun(string workspace, string addinVersion)
{
    private const string AddinLine = "#addin nuget:?package=Cake.MultiArch&version=0.1.0-local&loaddependencies=true";

    /// <summary>The stand-in for the CI's artifact store: a folder per artifact.</summary>
    public string Store { get; } = Directory.CreateDirectory(Path.Combine(workspace, "artifacts")).FullName;

    /// <summary>Each job's name and how long it took, in the order they ran.</summary>
    public List<(string Job, TimeSpan Took)> Timings { get; } = [];

    /// <summary>Runs every job; the first failing step fails the test with its output, as the CI would stop there.</summary>
    /// <param name="jobs">The jobs in run order.</param>
    public async Task RunAsync(IReadOnlyList<CiJob> jobs)
    {
        foreach (var job in jobs)
        {
            var watch = Stopwatch.StartNew();
            var checkout = Checkout(job);
            foreach (var step in job.Steps)
            {
                switch (step)
                {
                    case CakeStep cake:
                        var run = await HostCommand.RunAsync(
                            "bash",
                            ["-c", cake.Command],
                            workingDirectory: Path.GetFullPath(Path.Combine(checkout, cake.WorkingDirectory)),
                            timeout: TimeSpan.FromMinutes(5),
                            environment: cake.Environment.ToDictionary(e => e.Key, e => (string?)e.Value).Append(new("NO_COLOR", "1")).ToDictionary());
                        Assert.That(run.ExitCode, Is.Zero, $"{job.Name}: `{cake.Command}` failed.\n{run.Describe()}");
                        break;
                    case UploadStep upload:
                        Upload(job, checkout, upload);
                        break;
                    case DownloadStep download:
                        Download(job, checkout, download);
                        break;
                }
            }

            Timings.Add((job.Name, watch.Elapsed));
            TestContext.Progress.WriteLine($"Fan-out: {job.Name} on {job.Runner} took {watch.Elapsed.TotalSeconds:0.0}s");
        }
    }

    /// <summary>A fresh checkout for a job: the example's files, its build.cake loading the packed add-in.</summary>
    private string Checkout(CiJob job)
    {
        var checkout = Directory.CreateDirectory(Path.Combine(workspace, "jobs", string.Concat(job.Name.Select(c => char.IsLetterOrDigit(c) ? c : '-')))).FullName;
        var example = Path.Combine(checkout, "example");
        foreach (var file in new[] { "build.cake", "cake.config" }
                     .Concat(new[] { "scripts", "app", "standin" }.SelectMany(d => Directory.EnumerateFiles(ExampleFolder.File(d), "*", SearchOption.AllDirectories)).Select(f => Path.GetRelativePath(ExampleFolder.Path, f))))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(example, file))!);
            File.Copy(ExampleFolder.File(file), Path.Combine(example, file));
        }

        var buildCake = Path.Combine(example, "build.cake");
        var text = File.ReadAllText(buildCake);
        Assert.That(text, Does.Contain(AddinLine), "build.cake should load the locally packed add-in");
        File.WriteAllText(buildCake, text.Replace("version=0.1.0-local", $"version={addinVersion}", StringComparison.Ordinal));
        return checkout;
    }

    private void Upload(CiJob job, string checkout, UploadStep upload)
    {
        var artifact = Path.Combine(Store, upload.Artifact);
        Assert.That(Directory.Exists(artifact), Is.False, $"{job.Name}: the artifact {upload.Artifact} exists already; another job uploaded it");
        foreach (var path in upload.Paths)
        {
            var source = Path.Combine(checkout, path);
            Assert.That(File.Exists(source), Is.True, $"{job.Name}: {path}, to be kept as {upload.Artifact}, was not written");
            var target = Path.Combine(artifact, upload.KeepsPaths ? path : Path.GetFileName(path));
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(source, target);
        }
    }

    private void Download(CiJob job, string checkout, DownloadStep download)
    {
        var artifacts = Directory.EnumerateDirectories(Store).Where(a => Yaml.Matches(Path.GetFileName(a), download.ArtifactPattern)).ToArray();
        Assert.That(artifacts, Is.Not.Empty, $"{job.Name}: no artifact matches {download.ArtifactPattern}");
        foreach (var artifact in artifacts)
        {
            foreach (var file in Directory.EnumerateFiles(artifact, "*", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(artifact, file);
                if (Yaml.Matches(relative, download.FilePattern))
                {
                    var target = Path.Combine(checkout, download.Destination, download.IntoArtifactFolders ? Path.GetFileName(artifact) : "", relative);
                    Directory.CreateDirectory(Path.GetDirectoryName(target)!);
                    File.Copy(file, target);
                }
            }
        }
    }
}

using YamlDotNet.RepresentationModel;

namespace Cake.MultiArch.Tests.Example.Templates;

/// <summary>
/// A Travis CI build read as Travis would start its jobs: the <c>jobs.include</c> entries by build stage (a job
/// without a stage is in the one before it, and a stage starts when every job of the stages before it succeeded),
/// the global and the job's <c>env</c> as environment variables, workspaces used before the script and created after it.
/// </summary>
internal static class TravisBuild
{
    /// <summary>The build's jobs.</summary>
    /// <param name="path">The build file.</param>
    /// <param name="variables">Environment variables that replace the build's own (the registry, image and tag of a test).</param>
    public static IReadOnlyList<CiJob> Read(string path, IReadOnlyDictionary<string, string> variables)
    {
        var root = Yaml.Load(path);
        foreach (var line in Yaml.List(Yaml.Get(root, "install")))
        {
            if (!Setup.IsSetup(line))
            {
                throw new InvalidDataException($"{path}: the install line '{line}' is not machine setup.");
            }
        }

        var globalEnvironment = Assignments(path, Yaml.List(Yaml.Get(Yaml.Get(root, "env"), "global")), variables);
        var stages = Yaml.List(Yaml.Get(root, "stages"));
        var jobs = new List<CiJob>();
        var stage = "test";
        foreach (var job in Yaml.Items(Yaml.Get(Yaml.Get(root, "jobs"), "include")))
        {
            stage = Yaml.Text(job, "stage") ?? stage;
            var environment = new Dictionary<string, string>(globalEnvironment, StringComparer.Ordinal);
            foreach (var (name, value) in Assignments(path, Yaml.List(Yaml.Get(job, "env")), variables))
            {
                environment[name] = value;
            }

            var steps = new List<CiStep>();
            var workspaces = Yaml.Get(job, "workspaces");
            steps.AddRange(Yaml.List(Yaml.Get(workspaces, "use")).Select(w => new DownloadStep(w, "*", ".", IntoArtifactFolders: false)));
            foreach (var line in Yaml.List(Yaml.Get(job, "script") ?? Yaml.Get(root, "script")))
            {
                steps.Add(line.Contains("dotnet cake", StringComparison.Ordinal)
                    ? new CakeStep(line, ".", environment)
                    : throw new InvalidDataException($"{path}: the script line '{line}' does not run the build script."));
            }

            if (Yaml.Get(workspaces, "create") is { } create)
            {
                steps.Add(new UploadStep(Yaml.Text(create, "name")!, Yaml.List(Yaml.Get(create, "paths")), KeepsPaths: true));
            }

            var jobName = Yaml.Text(job, "name") ?? stage;
            var index = stages.ToList().IndexOf(stage);
            jobs.Add(new CiJob(
                $"{stage}: {jobName}",
                stage,
                environment.GetValueOrDefault("ARCH"),
                Yaml.Text(job, "arch") ?? Yaml.Text(root, "arch") ?? "amd64",
                index < 0 ? throw new InvalidDataException($"{path}: the stage {stage} is not in the stages list.") : stages.Take(index).ToArray(),
                steps));
        }

        return jobs;
    }

    /// <summary>NAME=VALUE lines as variables, the test's replacing the build's; a value left to the shell is refused.</summary>
    private static Dictionary<string, string> Assignments(string path, IReadOnlyList<string> lines, IReadOnlyDictionary<string, string> variables)
    {
        var assigned = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines.SelectMany(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)))
        {
            var equals = line.IndexOf('=', StringComparison.Ordinal);
            var name = line[..equals];
            assigned[name] = variables.TryGetValue(name, out var replaced) ? replaced
                : line[(equals + 1)..] is var value && value.Contains('$', StringComparison.Ordinal)
                    ? throw new InvalidDataException($"{path}: {name} is left to the shell ({value}), which this reader does not evaluate.")
                    : value;
        }

        return assigned;
    }
}

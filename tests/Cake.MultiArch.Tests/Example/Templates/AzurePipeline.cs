using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Cake.MultiArch.Tests.Example.Templates;

/// <summary>
/// An Azure Pipelines definition read as the agent would start its jobs: one job per matrix leg, the <c>$(name)</c>
/// macros and <c>${{ variables.name }}</c> template expressions resolved from the pipeline's, job's and leg's variables
/// (and <c>Build.SourcesDirectory</c>, the checkout); every variable is also in a script's environment, as the agent
/// puts it there.
/// </summary>
internal static partial class AzurePipeline
{
    /// <summary>The pipeline's jobs.</summary>
    /// <param name="path">The pipeline file.</param>
    /// <param name="variables">Variables that replace the pipeline's own, and the secret variables defined outside the file.</param>
    public static IReadOnlyList<CiJob> Read(string path, IReadOnlyDictionary<string, string> variables)
    {
        var root = Yaml.Load(path);
        var pipelineVariables = Yaml.Strings(Yaml.Get(root, "variables"));
        var jobs = new List<CiJob>();
        foreach (var job in Yaml.Items(Yaml.Get(root, "jobs")))
        {
            var id = Yaml.Text(job, "job")!;
            var matrix = Yaml.Get(Yaml.Get(job, "strategy"), "matrix");
            var legs = matrix is null ? [("", new Dictionary<string, string>())] : Yaml.Entries(matrix).Select(e => (e.Key, Yaml.Strings(e.Value))).ToList();
            foreach (var (legName, leg) in legs)
            {
                var all = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["Build.SourcesDirectory"] = "." };
                foreach (var (name, value) in pipelineVariables.Concat(Yaml.Strings(Yaml.Get(job, "variables"))).Concat(leg).Concat(variables))
                {
                    all[name] = value;
                }

                string Resolve(string text) => Macro().Replace(text, m => all.TryGetValue(m.Groups["name"].Value, out var value)
                    ? value
                    : throw new InvalidDataException($"{path}: job {id} uses the variable {m.Groups["name"].Value}, which is not defined."));

                var pool = Yaml.Get(job, "pool") ?? Yaml.Get(root, "pool");
                var runner = Yaml.Text(pool, "vmImage") is { } image
                    ? image
                    : $"{Resolve(Yaml.Text(pool, "name")!)} ({string.Join(", ", Yaml.List(Yaml.Get(pool, "demands")))})";
                var environment = all.Where(v => v.Key != "Build.SourcesDirectory")
                    .ToDictionary(v => v.Key.ToUpperInvariant().Replace('.', '_'), v => Resolve(v.Value), StringComparer.Ordinal);
                jobs.Add(new CiJob(
                    legName.Length == 0 ? id : $"{id} {legName}",
                    id,
                    all.GetValueOrDefault("ARCH"),
                    runner,
                    Yaml.List(Yaml.Get(job, "dependsOn")),
                    Yaml.Items(Yaml.Get(job, "steps")).Select(s => Step(path, s, environment, Resolve)).OfType<CiStep>().ToList()));
            }
        }

        return jobs;
    }

    /// <summary>A step that matters, or <see langword="null"/> for machine setup; anything else is an error.</summary>
    private static CiStep? Step(string path, YamlNode step, Dictionary<string, string> jobEnvironment, Func<string, string> resolve)
    {
        var task = Yaml.Text(step, "task") ?? "";
        var script = Yaml.Text(step, "script") ?? "";
        var inputs = Yaml.Get(step, "inputs");
        CiStep? meaningful = null;
        if (task.StartsWith("UseDotNet@", StringComparison.Ordinal) || Yaml.Get(step, "checkout") is not null || Setup.IsSetup(script))
        {
            return null;
        }
        else if (Yaml.Text(step, "publish") is { } published)
        {
            meaningful = new UploadStep(resolve(Yaml.Text(step, "artifact")!), [resolve(published)], KeepsPaths: false);
        }
        else if (task.StartsWith("DownloadPipelineArtifact@", StringComparison.Ordinal) && Yaml.Text(inputs, "buildType") == "current")
        {
            // Without an artifact name every artifact is downloaded, each into a folder named after it; the item
            // pattern matches ARTIFACT/FILE.
            var pattern = Yaml.Text(inputs, "itemPattern") ?? "**";
            var slash = pattern.IndexOf('/', StringComparison.Ordinal);
            meaningful = new DownloadStep(pattern[..slash], pattern[(slash + 1)..], resolve(Yaml.Text(inputs, "targetPath")!), IntoArtifactFolders: true);
        }
        else if (script.Contains("dotnet cake", StringComparison.Ordinal))
        {
            var environment = new Dictionary<string, string>(jobEnvironment, StringComparer.Ordinal);
            foreach (var (name, value) in Yaml.Strings(Yaml.Get(step, "env")))
            {
                environment[name] = resolve(value);
            }

            meaningful = new CakeStep(resolve(script), Yaml.Text(step, "workingDirectory") ?? ".", environment);
        }

        if (meaningful is null)
        {
            throw new InvalidDataException($"{path}: the step at line {step.Start.Line} is neither machine setup, a build-script step nor an artifact step.");
        }

        return Yaml.Get(step, "condition") is null ? meaningful : throw new InvalidDataException($"{path}: the step at line {step.Start.Line} has a condition this reader does not evaluate.");
    }

    [GeneratedRegex(@"\$\((?<name>[A-Za-z0-9_.]+)\)|\$\{\{\s*variables\.(?<name>[A-Za-z0-9_.]+)\s*\}\}")]
    private static partial Regex Macro();
}

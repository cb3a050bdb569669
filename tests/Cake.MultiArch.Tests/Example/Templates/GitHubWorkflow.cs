using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace Cake.MultiArch.Tests.Example.Templates;

/// <summary>
/// A GitHub Actions workflow read as the runner would start its jobs: one job per matrix leg (<c>include</c>), the
/// <c>${{ matrix.* }}</c> and <c>${{ secrets.* }}</c> expressions resolved (a secret not set is empty), the environment
/// of workflow, job and step merged.
/// </summary>
internal static partial class GitHubWorkflow
{
    /// <summary>The workflow's jobs.</summary>
    /// <param name="path">The workflow file.</param>
    /// <param name="variables">Environment variables that replace the workflow's own (the registry, image and tag of a test).</param>
    public static IReadOnlyList<CiJob> Read(string path, IReadOnlyDictionary<string, string> variables)
    {
        var root = Yaml.Load(path);
        var workflowEnvironment = Yaml.Strings(Yaml.Get(root, "env"));
        var jobs = new List<CiJob>();
        foreach (var (id, job) in Yaml.Entries(Yaml.Get(root, "jobs")))
        {
            var matrix = Yaml.Get(Yaml.Get(job, "strategy"), "matrix");
            var legs = matrix is null ? [new Dictionary<string, string>()] : Yaml.Items(Yaml.Get(matrix, "include")).Select(Yaml.Strings).ToList();
            foreach (var leg in legs)
            {
                string Resolve(string text)
                {
                    var resolved = Expression().Replace(text, m => m.Groups["context"].Value == "matrix" ? leg[m.Groups["name"].Value] : "");
                    return resolved.Contains("${{", StringComparison.Ordinal) ? throw new InvalidDataException($"{path}: job {id} uses an expression this reader does not know: {resolved}") : resolved;
                }

                var environment = Merge(workflowEnvironment, Yaml.Strings(Yaml.Get(job, "env")), variables);
                var steps = Yaml.Items(Yaml.Get(job, "steps")).Select(s => Step(path, s, environment, variables, Resolve)).OfType<CiStep>().ToList();
                jobs.Add(new CiJob(
                    leg.TryGetValue("arch", out var arch) ? $"{id} {arch}" : id,
                    id,
                    leg.GetValueOrDefault("arch"),
                    Resolve(Yaml.Text(job, "runs-on") ?? ""),
                    Yaml.List(Yaml.Get(job, "needs")),
                    steps));
            }
        }

        return jobs;
    }

    /// <summary>A step that matters, or <see langword="null"/> for machine setup; anything else is an error.</summary>
    private static CiStep? Step(string path, YamlNode step, IReadOnlyDictionary<string, string> jobEnvironment, IReadOnlyDictionary<string, string> variables, Func<string, string> resolve)
    {
        var uses = Yaml.Text(step, "uses") ?? "";
        var run = Yaml.Text(step, "run") ?? "";
        var with = Yaml.Get(step, "with");
        CiStep? meaningful = null;
        if (uses.StartsWith("actions/checkout@", StringComparison.Ordinal) || uses.StartsWith("actions/setup-dotnet@", StringComparison.Ordinal) || Setup.IsSetup(run))
        {
            return null;
        }
        else if (uses.StartsWith("actions/upload-artifact@", StringComparison.Ordinal))
        {
            meaningful = new UploadStep(resolve(Yaml.Text(with, "name")!), resolve(Yaml.Text(with, "path")!).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries), KeepsPaths: false);
        }
        else if (uses.StartsWith("actions/download-artifact@", StringComparison.Ordinal))
        {
            // One named artifact lands in the path itself; a pattern puts each in a folder of its own unless merge-multiple.
            var name = Yaml.Text(with, "name");
            meaningful = new DownloadStep(
                resolve(name ?? Yaml.Text(with, "pattern") ?? "*"),
                "*",
                resolve(Yaml.Text(with, "path") ?? "."),
                IntoArtifactFolders: name is null && Yaml.Text(with, "merge-multiple") != "true");
        }
        else if (run.Contains("dotnet cake", StringComparison.Ordinal))
        {
            var environment = Merge(jobEnvironment, Yaml.Strings(Yaml.Get(step, "env")).ToDictionary(e => e.Key, e => resolve(e.Value)), variables);
            meaningful = new CakeStep(resolve(run), Yaml.Text(step, "working-directory") ?? ".", Checked(path, environment));
        }

        if (meaningful is null)
        {
            throw new InvalidDataException($"{path}: the step at line {step.Start.Line} is neither machine setup, a build-script step nor an artifact step.");
        }

        return Yaml.Get(step, "if") is null ? meaningful : throw new InvalidDataException($"{path}: the step at line {step.Start.Line} has a condition this reader does not evaluate.");
    }

    private static Dictionary<string, string> Merge(IReadOnlyDictionary<string, string> outer, IReadOnlyDictionary<string, string> inner, IReadOnlyDictionary<string, string> variables)
    {
        var merged = new Dictionary<string, string>(outer, StringComparer.Ordinal);
        foreach (var (name, value) in inner.Concat(variables))
        {
            merged[name] = value;
        }

        return merged;
    }

    /// <summary>The environment, failing on a value still holding an expression (one the test did not replace).</summary>
    private static Dictionary<string, string> Checked(string path, Dictionary<string, string> environment) =>
        environment.FirstOrDefault(e => e.Value.Contains("${{", StringComparison.Ordinal)) is { Key: not null } unresolved
            ? throw new InvalidDataException($"{path}: {unresolved.Key} is an expression this reader does not evaluate: {unresolved.Value}")
            : environment;

    [GeneratedRegex(@"\$\{\{\s*(?<context>matrix|secrets)\.(?<name>[A-Za-z0-9_]+)\s*\}\}")]
    private static partial Regex Expression();
}

namespace Cake.MultiArch.Tests.Example.Templates;

/// <summary>One job of a CI template as the CI would start it: one matrix leg, with its variables resolved.</summary>
/// <param name="Name">The job's name, such as <c>arch arm32v7</c>.</param>
/// <param name="Group">The template's name for the job or stage it belongs to, which other jobs name as a dependency.</param>
/// <param name="Arch">The architecture the job publishes (its matrix or job variable), or <see langword="null"/> for the merge.</param>
/// <param name="Runner">Where the CI runs it: a GitHub runner label, an Azure pool with its demands, a Travis arch.</param>
/// <param name="Needs">The groups that must have succeeded before it starts.</param>
/// <param name="Steps">Its build-script and artifact steps, in order; the machine setup steps are left out.</param>
internal sealed record CiJob(string Name, string Group, string? Arch, string Runner, IReadOnlyList<string> Needs, IReadOnlyList<CiStep> Steps)
{
    /// <summary>The jobs in an order the CI could run them: every job after the groups it needs; otherwise as written.</summary>
    /// <param name="jobs">The jobs, as the template lists them.</param>
    public static IReadOnlyList<CiJob> InRunOrder(IReadOnlyList<CiJob> jobs)
    {
        var ordered = new List<CiJob>();
        var done = new HashSet<string>(StringComparer.Ordinal);
        var left = jobs.ToList();
        while (left.Count > 0)
        {
            var ready = left.Where(j => j.Needs.All(done.Contains)).ToList();
            if (ready.Count == 0)
            {
                throw new InvalidOperationException($"The jobs {string.Join(", ", left.Select(j => j.Name))} need groups that never run: {string.Join(", ", left.SelectMany(j => j.Needs).Distinct())}.");
            }

            // A group is done when all its jobs are: the groups of the ready jobs finish together.
            ordered.AddRange(ready);
            left.RemoveAll(ready.Contains);
            foreach (var group in ready.Select(j => j.Group).Distinct().Where(g => left.All(j => j.Group != g)))
            {
                done.Add(group);
            }
        }

        return ordered;
    }
}

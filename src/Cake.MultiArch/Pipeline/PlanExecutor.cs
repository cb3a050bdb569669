using System.Diagnostics;

namespace Cake.MultiArch.Pipeline;

/// <summary>
/// Runs a plan's steps in dependency order, at most <c>maxParallelism</c> at a time. A failed step stops everything
/// that depends on it, and nothing else: independent architectures still finish, so the result can tell which did.
/// </summary>
internal static class PlanExecutor
{
    /// <summary>Runs the steps; returns an outcome for every step that ran or failed (steps never started are absent).</summary>
    /// <param name="steps">The steps, each listed after the steps it depends on.</param>
    /// <param name="maxParallelism">How many run at once; 1 runs them in the listed order.</param>
    /// <param name="cancellationToken">Stops running steps and starts no more.</param>
    /// <param name="started">Told when a step starts.</param>
    /// <param name="finished">Told when a step ends.</param>
    public static async Task<IReadOnlyDictionary<PipelineStep, StepOutcome>> RunAsync(
        IReadOnlyList<PipelineStep> steps,
        int maxParallelism,
        CancellationToken cancellationToken,
        Action<PipelineStep>? started = null,
        Action<StepOutcome>? finished = null)
    {
        if (maxParallelism < 1)
        {
            throw new MultiArchException($"MaxParallelism must be 1 or more, not {maxParallelism}. Set it to 1 (serial) or more, or leave it unset.");
        }

        var outcomes = new Dictionary<PipelineStep, StepOutcome>();
        var running = new Dictionary<Task<StepOutcome>, PipelineStep>();
        var pending = steps.ToList();
        while (pending.Count > 0 || running.Count > 0)
        {
            DropUnreachable(pending, outcomes, running);
            while (!cancellationToken.IsCancellationRequested && running.Count < maxParallelism
                   && pending.FirstOrDefault(s => s.DependsOn.All(d => outcomes.TryGetValue(d, out var o) && o.Succeeded)) is { } ready)
            {
                pending.Remove(ready);
                started?.Invoke(ready);
                running.Add(RunStepAsync(ready, cancellationToken), ready);
            }

            if (running.Count == 0)
            {
                break;
            }

            var done = await Task.WhenAny(running.Keys).ConfigureAwait(false);
            running.Remove(done);
            var outcome = await done.ConfigureAwait(false);
            outcomes[outcome.Step] = outcome;
            finished?.Invoke(outcome);
        }

        return outcomes;
    }

    /// <summary>Drops every pending step that depends, directly or not, on a step that failed or was dropped.</summary>
    private static void DropUnreachable(List<PipelineStep> pending, Dictionary<PipelineStep, StepOutcome> outcomes, Dictionary<Task<StepOutcome>, PipelineStep> running)
    {
        bool Dead(PipelineStep d) => outcomes.TryGetValue(d, out var o) ? !o.Succeeded : !pending.Contains(d) && !running.ContainsValue(d);
        List<PipelineStep> dropped;
        do
        {
            dropped = pending.Where(s => s.DependsOn.Any(Dead)).ToList();
            pending.RemoveAll(dropped.Contains);
        }
        while (dropped.Count > 0);
    }

    private static async Task<StepOutcome> RunStepAsync(PipelineStep step, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        try
        {
            await Task.Run(() => step.Run(cancellationToken), cancellationToken).ConfigureAwait(false);
            return new StepOutcome(step, true, null, watch.Elapsed);
        }
        catch (Exception exception)
        {
            return new StepOutcome(step, false, exception, watch.Elapsed);
        }
    }
}

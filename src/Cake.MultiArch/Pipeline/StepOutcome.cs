
namespace Cake.MultiArch.Pipeline;

/// <summary>How a step ended.</summary>
/// <param name="Step">The step.</param>
/// <param name="Succeeded">Whether it ran and succeeded.</param>
/// <param name="Error">Why it failed, or <see langword="null"/>.</param>
/// <param name="Duration">How long it ran.</param>
internal sealed record StepOutcome(PipelineStep Step, bool Succeeded, Exception? Error, TimeSpan Duration);

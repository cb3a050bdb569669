
namespace Cake.MultiArch.Pipeline;

/// <summary>One unit of work in a pipeline plan; it runs once every step it depends on has succeeded.</summary>
/// <param name="Kind">What it does.</param>
/// <param name="Architecture">The architecture it works for, or <see langword="null"/> for shared steps.</param>
/// <param name="DependsOn">The steps that must succeed first.</param>
/// <param name="Run">The work.</param>
internal sealed record PipelineStep(StepKind Kind, CpuArchitecture? Architecture, IReadOnlyList<PipelineStep> DependsOn, Func<CancellationToken, Task> Run)
{
    /// <summary>A name for logs, such as <c>build arm32v7</c>.</summary>
    public string Name => Architecture is null ? Kind.ToString() : $"{Kind} {Architecture.Name}";
}

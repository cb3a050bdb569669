
namespace Cake.MultiArch.Pipeline;

/// <summary>What a pipeline step does.</summary>
internal enum StepKind
{
    /// <summary>Register QEMU handlers.</summary>
    RegisterQemu,

    /// <summary>Make an arch's QEMU-enabled base.</summary>
    QemuBase,

    /// <summary>Build an arch's image.</summary>
    Build,

    /// <summary>Push an arch's image.</summary>
    Push,

    /// <summary>Create and push the manifest list.</summary>
    Manifest,

    /// <summary>Read the list back and verify it.</summary>
    Verify,
}

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

/// <summary>How a step ended.</summary>
/// <param name="Step">The step.</param>
/// <param name="Succeeded">Whether it ran and succeeded.</param>
/// <param name="Error">Why it failed, or <see langword="null"/>.</param>
/// <param name="Duration">How long it ran.</param>
internal sealed record StepOutcome(PipelineStep Step, bool Succeeded, Exception? Error, TimeSpan Duration);

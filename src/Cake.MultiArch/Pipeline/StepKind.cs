
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

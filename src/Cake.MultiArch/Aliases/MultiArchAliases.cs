using Cake.Core;
using Cake.Core.Annotations;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Aliases;

// Every public type is in this one namespace, whatever its folder: a script imports it and nothing else of the add-in.
[assembly: CakeNamespaceImport("Cake.MultiArch")]

namespace Cake.MultiArch;

/// <summary>
/// Cake aliases that publish container images for several CPU architectures: register QEMU, make QEMU-enabled
/// per-arch bases, build and push each arch's image, and publish the manifest list that joins them.
/// Every alias runs <c>docker</c> (through CliWrap) and throws a <see cref="MultiArchException"/> that says what to fix.
/// </summary>
[CakeAliasCategory("MultiArch")]
public static partial class MultiArchAliases
{
    /// <summary>Runs an operation against one set of tool settings, synchronously as Cake aliases do.</summary>
    private static T Run<T>(ICakeContext context, MultiArchToolSettings settings, Func<DockerRunner, CancellationToken, Task<T>> operation)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var runner = new DockerRunner(settings, context.Environment, context.Log);
        return Wait(ct => operation(runner, ct));
    }

    /// <summary>
    /// Runs an alias's work to its end in one scope of registry connections, so that each registry is reached once
    /// per alias call however many steps talk to it; Ctrl+C or SIGTERM cancels it.
    /// </summary>
    private static T Wait<T>(Func<CancellationToken, Task<T>> work)
    {
        using var connections = Registry.RegistryConnections.Open();
        return work(BuildCancellation.Token).GetAwaiter().GetResult();
    }
}

using Cake.Core;
using Cake.Core.Annotations;
using Cake.MultiArch.Registry;

namespace Cake.MultiArch;

public static partial class MultiArchAliases
{
    /// <summary>
    /// Makes sure a registry answers at a loopback address, for local runs: uses one that already answers, else starts
    /// the registry binary (<c>registry</c> or Debian's <c>docker-registry</c> on <c>PATH</c>) detached, with its files in
    /// <c>.registry/PORT</c>, else runs the <c>registry:2</c> container. A started registry outlives the build.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="address">A loopback <c>host:port</c>, such as <c>127.0.0.1:5000</c>.</param>
    /// <returns>The registry, and whether this call started it.</returns>
    /// <example>
    /// <code>
    /// EnsureLocalRegistry("127.0.0.1:5000");
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Registry")]
    public static LocalRegistry EnsureLocalRegistry(this ICakeContext context, string address) =>
        EnsureLocalRegistry(context, address, new LocalRegistrySettings());

    /// <summary>
    /// Makes sure a registry answers at a loopback address, for local runs: uses one that already answers, else starts
    /// the registry binary detached, else runs the registry container, as the settings say.
    /// </summary>
    /// <param name="context">The Cake context.</param>
    /// <param name="address">A loopback <c>host:port</c>, such as <c>127.0.0.1:5000</c>.</param>
    /// <param name="settings">Where a started binary keeps its files, which binary or container, how long to wait.</param>
    /// <returns>The registry, and whether this call started it.</returns>
    /// <example>
    /// <code>
    /// var registry = EnsureLocalRegistry("127.0.0.1:5000", new LocalRegistrySettings { Directory = "./.registry" });
    /// </code>
    /// </example>
    [CakeMethodAlias]
    [CakeAliasCategory("Registry")]
    public static LocalRegistry EnsureLocalRegistry(this ICakeContext context, string address, LocalRegistrySettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Run(context, settings, (runner, ct) =>
            new LocalRegistryStarter(runner, context.Log, runner.WorkingDirectory, name => context.Tools.Resolve(name)).EnsureAsync(address, settings, ct));
    }
}

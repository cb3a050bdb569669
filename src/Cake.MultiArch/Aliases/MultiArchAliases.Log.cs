using Cake.Core;
using Cake.Core.Annotations;
using Cake.Core.Diagnostics;
using Cake.MultiArch.Progress;

namespace Cake.MultiArch;

public static partial class MultiArchAliases
{
    /// <summary>
    /// Opens a collapsible group in the CI's log, as <see cref="MultiArchBuild"/> does for each arch: <c>::group::</c>
    /// on GitHub Actions, <c>##[group]</c> on Azure Pipelines, a fold on Travis CI. Anywhere else the title is written
    /// as a heading. Disposing the result closes the group; GitHub Actions does not nest groups, so open one at a time.
    /// </summary>
    /// <example>
    /// <code>
    /// using (MultiArchLogGroup("QEMU registration"))
    /// {
    ///     RegisterQemu(new RegisterQemuSettings { Architectures = archs.ToList() });
    /// }
    /// </code>
    /// </example>
    /// <param name="context">The Cake context.</param>
    /// <param name="title">The group's title, one line.</param>
    /// <returns>Closes the group when disposed.</returns>
    [CakeMethodAlias]
    [CakeAliasCategory("Log")]
    public static IDisposable MultiArchLogGroup(this ICakeContext context, string title)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (string.IsNullOrWhiteSpace(title) || title.Contains('\n') || title.Contains('\r'))
        {
            throw new MultiArchException($"MultiArchLogGroup needs a title of one line, such as \"Deps arm32v7\"; it was {(title is null ? "null" : $"\"{title}\"")}.");
        }

        var ci = CiLog.Detect(context);
        if (ci.HasGroups)
        {
            return ci.Group(title);
        }

        context.Log.Information("");
        context.Log.Information("--- {0}", title);
        return CiLog.None.Group(title);
    }
}

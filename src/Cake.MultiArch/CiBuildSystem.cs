using Cake.Common.Build;
using Cake.Core;

namespace Cake.MultiArch;

/// <summary>
/// Cake's build-system information where the build runs on a CI the add-in knows (GitHub Actions, Azure Pipelines,
/// Travis CI): the CI log groups and the release tags both read it.
/// </summary>
internal static class CiBuildSystem
{
    /// <summary>The variable each of those CIs sets on every build.</summary>
    private static readonly string[] Markers = ["GITHUB_ACTIONS", "TF_BUILD", "TRAVIS"];

    /// <summary>Cake's build system where one of those CIs runs; <see langword="null"/> elsewhere.</summary>
    /// <param name="context">The Cake context.</param>
    public static BuildSystem? Detect(ICakeContext context)
    {
        // Cake's build-system object builds a provider for every CI it knows: only made where one of these three runs.
        if (!Markers.Any(v => !string.IsNullOrEmpty(context.Environment.GetEnvironmentVariable(v))))
        {
            return null;
        }

        try
        {
            return context.BuildSystem();
        }
        catch (Exception exception) when (exception is NotSupportedException or InvalidOperationException)
        {
            return null;
        }
    }
}

using Cake.MultiArch.Architectures;
using Cake.MultiArch.Building;

namespace Cake.MultiArch.Arguments;

internal static partial class DockerArguments
{
    /// <summary><c>docker build</c> of one architecture's image.</summary>
    /// <param name="settings">The build settings.</param>
    /// <param name="architecture">The architecture to build for.</param>
    /// <param name="tags">Every tag the image gets, the arch tag first.</param>
    /// <param name="baseImage">The base image for the base build argument, or <see langword="null"/> for none.</param>
    /// <param name="dockerfile">The absolute Dockerfile path.</param>
    /// <param name="context">The absolute context directory.</param>
    public static IReadOnlyList<string> Build(
        BuildArchImageSettings settings,
        CpuArchitecture architecture,
        IReadOnlyList<string> tags,
        string? baseImage,
        string dockerfile,
        string context)
    {
        var tokens = new List<string> { "build", "--platform", architecture.Platform, "--file", dockerfile };
        AddEach(tokens, "--tag", tags);
        if (baseImage is not null)
        {
            tokens.Add("--build-arg");
            tokens.Add($"{settings.BaseArgumentName}={baseImage}");
        }

        AddPairs(tokens, "--build-arg", settings.BuildArguments);
        // Each --label is one more step of the legacy builder (a container and a commit), so the add-in adds none of
        // its own: the inputs of an incremental build are recorded beside the image (BuildRecords), not on it.
        AddPairs(tokens, "--label", settings.Labels);

        AddOption(tokens, "--target", settings.Target);
        AddSwitch(tokens, "--pull", settings.Pull);
        AddSwitch(tokens, "--no-cache", settings.NoCache);
        AddEach(tokens, "--cache-from", settings.CacheFrom);
        tokens.AddRange(settings.ExtraArguments);
        tokens.Add(context);
        return tokens;
    }
}

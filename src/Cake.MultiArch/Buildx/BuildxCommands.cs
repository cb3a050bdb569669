using static Cake.MultiArch.Docker.CommandTokens;

namespace Cake.MultiArch.Buildx;

/// <summary>
/// The argument tokens of <c>docker buildx</c>: a multi-platform build, its tags, and a builder's creation. Pure functions from settings to tokens: nothing here runs a process or touches a file.
/// </summary>
internal static class BuildxCommands
{
    /// <summary><c>docker buildx build --platform a,b,c</c> of every architecture at once.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="dockerfile">The absolute Dockerfile path.</param>
    /// <param name="context">The absolute context directory.</param>
    public static IReadOnlyList<string> BuildxBuild(BuildxMultiArchSettings settings, string dockerfile, string context)
    {
        var tokens = new List<string>
        {
            "buildx", "build",
            "--platform", string.Join(',', settings.Architectures.Select(a => a.Platform)),
            "--file", dockerfile,
        };
        AddEach(tokens, "--tag", BuildxTags(settings));
        AddPairs(tokens, "--build-arg", settings.BuildArguments);
        AddPairs(tokens, "--label", settings.Labels);
        AddEach(tokens, "--cache-from", settings.CacheFrom);
        AddEach(tokens, "--cache-to", settings.CacheTo);
        if (settings.Provenance is { } provenance)
        {
            tokens.Add($"--provenance={(provenance ? "true" : "false")}");
        }

        if (!string.IsNullOrWhiteSpace(settings.SbomGenerator) && settings.Sbom != false)
        {
            tokens.Add("--attest");
            tokens.Add($"type=sbom,generator={settings.SbomGenerator}");
        }
        else if (settings.Sbom is { } sbom)
        {
            tokens.Add($"--sbom={(sbom ? "true" : "false")}");
        }

        AddOption(tokens, "--builder", settings.Builder);
        AddOption(tokens, "--target", settings.Target);
        AddSwitch(tokens, "--pull", settings.Pull);
        AddSwitch(tokens, "--no-cache", settings.NoCache);
        AddSwitch(tokens, "--push", settings.Push);
        tokens.Add(context);
        return tokens;
    }

    /// <summary>The full tags of a buildx build: the main tag first, bare extra tags put on the image.</summary>
    /// <param name="settings">The settings.</param>
    public static IReadOnlyList<string> BuildxTags(BuildxMultiArchSettings settings) =>
        Images.TagSet.Of($"{settings.Image}:{settings.Tag}", settings.ExtraTags);

    /// <summary>
    /// <c>docker buildx create</c> for each node: the first creates the builder, the others join it with <c>--append</c>.
    /// </summary>
    /// <param name="settings">The settings.</param>
    public static IReadOnlyList<IReadOnlyList<string>> BuildxCreate(BuildxBuilderSettings settings)
    {
        var commands = new List<IReadOnlyList<string>>();
        var first = true;
        foreach (var node in settings.Nodes.DefaultIfEmpty(new BuildxNode()))
        {
            var tokens = new List<string> { "buildx", "create", "--name", settings.Name };
            if (first)
            {
                tokens.Add("--driver");
                tokens.Add(settings.Driver);
                AddPairs(tokens, "--driver-opt", settings.DriverOptions);
            }
            else
            {
                tokens.Add("--append");
            }

            AddOption(tokens, "--node", node.Name);

            if (node.Architectures.Count > 0)
            {
                tokens.Add("--platform");
                tokens.Add(string.Join(',', node.Architectures.Select(a => a.Platform)));
            }

            AddSwitch(tokens, "--use", first && settings.Use);
            AddSwitch(tokens, "--bootstrap", first && settings.Bootstrap);

            if (!string.IsNullOrWhiteSpace(node.Endpoint))
            {
                tokens.Add(node.Endpoint);
            }

            commands.Add(tokens);
            first = false;
        }

        return commands;
    }
}

using Cake.MultiArch.Building;
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
        if (settings.RegistryCache is { } cache)
        {
            // Every arch's own cache is read; each was written by its cache-only bake target (CacheBake) before.
            AddEach(tokens, "--cache-from", settings.Architectures.Select(a => BuildCommands.RegistryCacheImport(cache, a, settings.Insecure)));
        }

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

    /// <summary>
    /// The bake file that writes each architecture's registry cache: a target per arch, the same build for that one
    /// platform, reading and writing only that arch's cache and exporting nothing else (<c>type=cacheonly</c>). A
    /// multi-platform build exports one cache of every platform, so the per-arch caches are made here, before it.
    /// </summary>
    /// <param name="settings">The settings, with a <see cref="BuildxMultiArchSettings.RegistryCache"/>.</param>
    /// <param name="dockerfile">The absolute Dockerfile path.</param>
    /// <param name="context">The absolute context directory.</param>
    public static BakeDefinition CacheBake(BuildxMultiArchSettings settings, string dockerfile, string context)
    {
        var cache = settings.RegistryCache ?? throw new ArgumentException("No RegistryCache to write.", nameof(settings));
        return BakeDefinition.Of(settings.Architectures.ToDictionary(
            a => a.Name,
            a => new BakeTarget(
                BakeDefinition.Literal(context),
                BakeDefinition.Literal(dockerfile),
                [a.Platform],
                BakeDefinition.Literals(settings.BuildArguments),
                new Dictionary<string, string>(),
                [],
                string.IsNullOrWhiteSpace(settings.Target) ? null : BakeDefinition.Literal(settings.Target),
                settings.NoCache,
                settings.Pull,
                [.. settings.CacheFrom.Select(BakeDefinition.Literal), BakeDefinition.Literal(BuildCommands.RegistryCacheImport(cache, a, settings.Insecure))],
                [.. new[] { BuildCommands.RegistryCacheExport(cache, a, settings.Insecure) }.OfType<string>().Select(BakeDefinition.Literal)],
                ["type=cacheonly"]),
            StringComparer.Ordinal));
    }

    /// <summary><c>docker buildx bake</c> of <see cref="CacheBake"/>'s file, on the settings' builder.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="definitionFile">The bake file.</param>
    public static IReadOnlyList<string> CacheBakeCommand(BuildxMultiArchSettings settings, string definitionFile)
    {
        var tokens = new List<string> { "buildx", "bake", "--file", definitionFile, "--progress", "plain" };
        AddOption(tokens, "--builder", settings.Builder);
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

using Cake.MultiArch.Buildx;

namespace Cake.MultiArch.Arguments;

internal static partial class DockerArguments
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
        foreach (var tag in BuildxTags(settings))
        {
            tokens.Add("--tag");
            tokens.Add(tag);
        }

        AddPairs(tokens, "--build-arg", settings.BuildArguments);
        AddPairs(tokens, "--label", settings.Labels);
        foreach (var source in settings.CacheFrom)
        {
            tokens.Add("--cache-from");
            tokens.Add(source);
        }

        foreach (var target in settings.CacheTo)
        {
            tokens.Add("--cache-to");
            tokens.Add(target);
        }

        if (settings.Provenance is { } provenance)
        {
            tokens.Add($"--provenance={(provenance ? "true" : "false")}");
        }

        if (settings.Sbom is { } sbom)
        {
            tokens.Add($"--sbom={(sbom ? "true" : "false")}");
        }

        if (!string.IsNullOrWhiteSpace(settings.Builder))
        {
            tokens.Add("--builder");
            tokens.Add(settings.Builder);
        }

        if (!string.IsNullOrWhiteSpace(settings.Target))
        {
            tokens.Add("--target");
            tokens.Add(settings.Target);
        }

        if (settings.Pull)
        {
            tokens.Add("--pull");
        }

        if (settings.NoCache)
        {
            tokens.Add("--no-cache");
        }

        if (settings.Push)
        {
            tokens.Add("--push");
        }

        tokens.Add(context);
        return tokens;
    }

    /// <summary>The full tags of a buildx build: the main tag first, bare extra tags put on the image.</summary>
    /// <param name="settings">The settings.</param>
    public static IReadOnlyList<string> BuildxTags(BuildxMultiArchSettings settings) =>
        new[] { $"{settings.Image}:{settings.Tag}" }
            .Concat(settings.ExtraTags.Select(t => t.Contains(':', StringComparison.Ordinal) || t.Contains('/', StringComparison.Ordinal) ? t : $"{settings.Image}:{t}"))
            .Distinct(StringComparer.Ordinal)
            .ToArray();

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
            }
            else
            {
                tokens.Add("--append");
            }

            if (!string.IsNullOrWhiteSpace(node.Name))
            {
                tokens.Add("--node");
                tokens.Add(node.Name);
            }

            if (node.Architectures.Count > 0)
            {
                tokens.Add("--platform");
                tokens.Add(string.Join(',', node.Architectures.Select(a => a.Platform)));
            }

            if (first && settings.Use)
            {
                tokens.Add("--use");
            }

            if (first && settings.Bootstrap)
            {
                tokens.Add("--bootstrap");
            }

            if (!string.IsNullOrWhiteSpace(node.Endpoint))
            {
                tokens.Add(node.Endpoint);
            }

            commands.Add(tokens);
            first = false;
        }

        return commands;
    }

    /// <summary><c>docker buildx imagetools create --tag LIST SOURCES</c>: a manifest list made by buildx from pushed images.</summary>
    /// <param name="tags">The list's tags.</param>
    /// <param name="sources">The per-arch images, by digest.</param>
    public static IReadOnlyList<string> ImagetoolsCreate(IEnumerable<string> tags, IEnumerable<string> sources)
    {
        var tokens = new List<string> { "buildx", "imagetools", "create" };
        foreach (var tag in tags)
        {
            tokens.Add("--tag");
            tokens.Add(tag);
        }

        tokens.AddRange(sources);
        return tokens;
    }
}

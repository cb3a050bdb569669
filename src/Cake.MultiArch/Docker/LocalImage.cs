using Cake.Core.Diagnostics;
using System.Text.Json;
using Cake.MultiArch.Images;

namespace Cake.MultiArch.Docker;

/// <summary>A local image as <c>docker image inspect</c> describes it.</summary>
/// <param name="Id">The image ID, <c>sha256:...</c>.</param>
/// <param name="Os">Its operating system.</param>
/// <param name="Architecture">Its OCI architecture.</param>
/// <param name="Variant">Its OCI variant, or <see langword="null"/>.</param>
/// <param name="RepoDigests">The registry digests this image was pushed (or pulled) as, such as <c>127.0.0.1:5000/app@sha256:...</c>.</param>
internal sealed record LocalImage(string Id, string Os, string Architecture, string? Variant, IReadOnlyList<string> RepoDigests)
{
    /// <summary>The names it is tagged with, as docker shows them (<c>alpine:3.20</c>, <c>127.0.0.1:5000/app:1.0-arm32v7</c>).</summary>
    public IReadOnlyList<string> RepoTags { get; init; } = [];

    /// <summary>The platform, such as <c>linux/arm/v7</c>.</summary>
    public string Platform => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    /// <summary>Reads the first image from <c>docker image inspect</c>'s JSON; <see langword="null"/> when there is none.</summary>
    /// <param name="json">The command's standard output.</param>
    public static LocalImage? Parse(string json) => ParseAll(json).FirstOrDefault();

    /// <summary>Reads every image from <c>docker image inspect</c>'s JSON array.</summary>
    /// <param name="json">The command's standard output.</param>
    public static IReadOnlyList<LocalImage> ParseAll(string json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            return [];
        }

        return document.RootElement.EnumerateArray().Select(Read).ToArray();
    }

    /// <summary>Whether this image carries the name: by tag (<c>:latest</c> when none is given) or, for <c>name@digest</c>, by repo digest.</summary>
    /// <param name="image">The name, as a user or a setting gives it.</param>
    public bool IsNamed(string image)
    {
        if (!ImageReference.TryParse(image, out var reference))
        {
            return RepoTags.Contains(image, StringComparer.Ordinal);
        }

        return reference.Digest is not null
            ? RepoDigests.Contains(reference.ToFamiliarString(), StringComparer.Ordinal) || RepoDigests.Contains(reference.WithoutTagOrDigest().ToFamiliarString() + "@" + reference.Digest, StringComparer.Ordinal)
            : RepoTags.Contains(reference.WithTag(reference.Tag ?? ImageReference.DefaultTag).ToFamiliarString(), StringComparer.Ordinal);
    }

    /// <summary>Inspects a local image; <see langword="null"/> when there is no such local image.</summary>
    /// <param name="runner">Runs docker.</param>
    /// <param name="image">The image reference.</param>
    /// <param name="log">Where lines are logged: one architecture's log, or the runner's when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the inspection.</param>
    public static async Task<LocalImage?> InspectAsync(IDockerRunner runner, string image, ICakeLog? log, CancellationToken cancellationToken) =>
        (await InspectManyAsync(runner, [image], log, cancellationToken).ConfigureAwait(false))[image];

    /// <summary>
    /// Inspects several local images in one <c>docker image inspect</c> (one process, not one each); a name that is not
    /// a local image maps to <see langword="null"/>.
    /// </summary>
    /// <param name="runner">Runs docker.</param>
    /// <param name="images">The image references.</param>
    /// <param name="log">Where lines are logged: one architecture's log, or the runner's when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the inspection.</param>
    /// <param name="snapshot">What a pipeline already knows of its images; asked first, and told what docker answered.</param>
    public static async Task<IReadOnlyDictionary<string, LocalImage?>> InspectManyAsync(
        IDockerRunner runner, IReadOnlyList<string> images, ICakeLog? log, CancellationToken cancellationToken, LocalImageSnapshot? snapshot = null)
    {
        if (snapshot?.TryGetAll(images) is { } known)
        {
            return known;
        }

        if (runner.Engine is { } engine && await InspectWithEngineAsync(engine, images, log, cancellationToken).ConfigureAwait(false) is { } answered)
        {
            snapshot?.Remember(answered);
            return answered;
        }

        // docker prints the images it found and exits 1 when any is missing; the found ones are still read.
        var result = await runner.RunAsync(
            new DockerCommand(DaemonCommands.InspectImages(images))
            {
                ThrowOnFailure = false,
                OutputVerbosity = Cake.Core.Diagnostics.Verbosity.Diagnostic,
                Log = log,
            },
            cancellationToken).ConfigureAwait(false);
        IReadOnlyList<LocalImage> found;
        try
        {
            found = ParseAll(string.Join('\n', result.StandardOutput));
        }
        catch (JsonException)
        {
            found = [];
        }

        if (!result.Succeeded && found.Count == 0 && !result.StandardError.Any(l => l.Contains("No such image", StringComparison.OrdinalIgnoreCase)))
        {
            // Not "no such image" but a daemon that does not answer: say so.
            throw DockerFailure.FromResult(result, "image inspect", runner.WorkingDirectory);
        }

        var answer = images.Distinct(StringComparer.Ordinal).ToDictionary(
            i => i,
            i => images.Count == 1 && found.Count == 1 ? found[0] : found.FirstOrDefault(f => f.IsNamed(i)),
            StringComparer.Ordinal);
        snapshot?.Remember(answer);
        return answer;
    }

    // GET /images/{name}/json resolves a name as `docker image inspect NAME` does (the CLI sends that request), so the
    // answer for a name is the image the daemon returned for it. Any surprise leaves the question to the CLI.
    private static Task<IReadOnlyDictionary<string, LocalImage?>?> InspectWithEngineAsync(
        DockerEngine engine, IReadOnlyList<string> images, ICakeLog? log, CancellationToken cancellationToken) =>
        engine.TryAsync<IReadOnlyDictionary<string, LocalImage?>>("inspect the images", log, async engine =>
        {
            var names = images.Distinct(StringComparer.Ordinal).ToArray();
            var found = await Task.WhenAll(names.Select(async name =>
            {
                var reply = await engine.GetAsync("images/" + Uri.EscapeDataString(name) + "/json", log, cancellationToken).ConfigureAwait(false);
                return reply.Status switch
                {
                    200 => ReadObject(reply.Body),
                    404 when reply.Body.Contains("No such image", StringComparison.OrdinalIgnoreCase) => null,
                    _ => throw new DockerEngineException($"answered {reply.Status} for {name}: {reply.Body.Trim()}"),
                };
            })).ConfigureAwait(false);
            return names.Zip(found).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        });

    private static LocalImage ReadObject(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object
            ? Read(document.RootElement)
            : throw new DockerEngineException("answered with something other than an image");
    }

    private static LocalImage Read(JsonElement image)
    {
        string? Text(string name) =>
            image.ValueKind == JsonValueKind.Object && image.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        IReadOnlyList<string> Strings(string name) =>
            image.TryGetProperty(name, out var values) && values.ValueKind == JsonValueKind.Array
                ? values.EnumerateArray().Select(v => v.GetString()).OfType<string>().ToArray()
                : [];

        var variant = Text("Variant");
        return new LocalImage(Text("Id") ?? "", Text("Os") ?? "", Text("Architecture") ?? "", string.IsNullOrEmpty(variant) ? null : variant, Strings("RepoDigests"))
        {
            RepoTags = Strings("RepoTags"),
        };
    }
}

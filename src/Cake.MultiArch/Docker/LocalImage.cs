using System.Text.Json;

namespace Cake.MultiArch.Docker;

/// <summary>A local image as <c>docker image inspect</c> describes it.</summary>
/// <param name="Id">The image ID, <c>sha256:...</c>.</param>
/// <param name="Os">Its operating system.</param>
/// <param name="Architecture">Its OCI architecture.</param>
/// <param name="Variant">Its OCI variant, or <see langword="null"/>.</param>
/// <param name="RepoDigests">The registry digests this image was pushed (or pulled) as, such as <c>127.0.0.1:5000/app@sha256:...</c>.</param>
internal sealed record LocalImage(string Id, string Os, string Architecture, string? Variant, IReadOnlyList<string> RepoDigests)
{
    /// <summary>The platform, such as <c>linux/arm/v7</c>.</summary>
    public string Platform => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";

    /// <summary>Reads the first image from <c>docker image inspect</c>'s JSON; <see langword="null"/> when there is none.</summary>
    /// <param name="json">The command's standard output.</param>
    public static LocalImage? Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array || document.RootElement.GetArrayLength() == 0)
        {
            return null;
        }

        var image = document.RootElement[0];
        string? Text(string name) => image.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
        var variant = Text("Variant");
        var repoDigests = image.TryGetProperty("RepoDigests", out var digests) && digests.ValueKind == JsonValueKind.Array
            ? digests.EnumerateArray().Select(d => d.GetString()).OfType<string>().ToArray()
            : [];
        return new LocalImage(Text("Id") ?? "", Text("Os") ?? "", Text("Architecture") ?? "", string.IsNullOrEmpty(variant) ? null : variant, repoDigests);
    }

    /// <summary>Inspects a local image; <see langword="null"/> when there is no such local image.</summary>
    /// <param name="runner">Runs docker.</param>
    /// <param name="image">The image reference.</param>
    /// <param name="logPrefix">Put before logged lines.</param>
    /// <param name="cancellationToken">Cancels the inspection.</param>
    public static async Task<LocalImage?> InspectAsync(IDockerRunner runner, string image, string logPrefix, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(
            new DockerCommand(Arguments.DockerArguments.InspectImage(image))
            {
                ThrowOnFailure = false,
                OutputVerbosity = Cake.Core.Diagnostics.Verbosity.Diagnostic,
                LogPrefix = logPrefix,
            },
            cancellationToken).ConfigureAwait(false);
        return result.Succeeded ? Parse(string.Join('\n', result.StandardOutput)) : null;
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cake.MultiArch.Publishing;

/// <summary>
/// What one CI job published for one architecture, kept as a small JSON file (a CI artifact) so that a final job can
/// join every architecture's image into the manifest list by digest.
/// </summary>
internal sealed record ArchPublication
{
    /// <summary>The file format's version.</summary>
    public int Version { get; init; } = 1;

    /// <summary>The architecture's Docker Library name, such as <c>arm32v7</c>.</summary>
    public string Architecture { get; init; } = "";

    /// <summary>The OCI platform, such as <c>linux/arm/v7</c>.</summary>
    public string Platform { get; init; } = "";

    /// <summary>The repository, such as <c>ghcr.io/me/app</c>.</summary>
    public string Repository { get; init; } = "";

    /// <summary>The release tag the list will get, such as <c>1.0</c>.</summary>
    public string Tag { get; init; } = "";

    /// <summary>The arch image's own tag, such as <c>ghcr.io/me/app:1.0-arm32v7</c>.</summary>
    public string ArchTag { get; init; } = "";

    /// <summary>The digest the registry reported for the arch image.</summary>
    public string Digest { get; init; } = "";

    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>The file name a publication is kept under: <c>&lt;arch&gt;.json</c>.</summary>
    public string FileName => $"{Architecture}.json";

    /// <summary>The pushed image this publication describes.</summary>
    public PushedImage ToPushedImage() => new(CpuArchitecture.Parse(Architecture), ArchTag, Digest);

    /// <summary>Describes a pushed arch image.</summary>
    /// <param name="image">The pushed image; its architecture must be known.</param>
    /// <param name="releaseTag">The release tag the list will get.</param>
    public static ArchPublication From(PushedImage image, string releaseTag)
    {
        var architecture = image.Architecture ?? throw new MultiArchException($"The architecture of {image.Tag} is not known, so its publication cannot be recorded.");
        return new ArchPublication
        {
            Architecture = architecture.Name,
            Platform = architecture.Platform,
            Repository = image.Repository,
            Tag = releaseTag,
            ArchTag = image.Tag,
            Digest = image.Digest,
        };
    }

    /// <summary>The JSON text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>Reads a publication file, checking every field; the message names the file and what is wrong.</summary>
    /// <param name="path">The file.</param>
    public static ArchPublication Read(string path)
    {
        ArchPublication? publication;
        try
        {
            publication = JsonSerializer.Deserialize<ArchPublication>(File.ReadAllText(path), Options);
        }
        catch (JsonException exception)
        {
            throw new MultiArchException($"{path} is not a publication file ({exception.Message}). Keep the files that the per-arch jobs wrote, unchanged.", exception);
        }

        var problems = new List<string>();
        if (publication is null)
        {
            problems.Add("it is empty");
        }
        else
        {
            if (!CpuArchitecture.TryParse(publication.Architecture, out _))
            {
                problems.Add($"architecture '{publication.Architecture}' is unknown");
            }

            if (string.IsNullOrWhiteSpace(publication.Repository))
            {
                problems.Add("repository is empty");
            }

            if (!publication.Digest.StartsWith("sha256:", StringComparison.Ordinal) || publication.Digest.Length != 71)
            {
                problems.Add($"digest '{publication.Digest}' is not a sha256 digest");
            }
        }

        return problems.Count == 0
            ? publication!
            : throw new MultiArchException($"{path} is not a valid publication file: {string.Join("; ", problems)}. Re-run the per-arch job that wrote it.");
    }
}

using System.Globalization;
using System.Text;
using Cake.MultiArch.Publishing;

namespace Cake.MultiArch;

/// <summary>What a <c>MultiArchBuild</c> did: a result per architecture and the manifest list.</summary>
public sealed class MultiArchBuildResult
{
    internal MultiArchBuildResult(string image, string tag, IReadOnlyList<ArchBuildResult> architectures)
    {
        Image = image;
        Tag = tag;
        Architectures = architectures;
    }

    /// <summary>The image repository.</summary>
    public string Image { get; }

    /// <summary>The release tag.</summary>
    public string Tag { get; }

    /// <summary>One result per architecture, in the order of the settings.</summary>
    public IReadOnlyList<ArchBuildResult> Architectures { get; }

    /// <summary>The pushed manifest list, or <see langword="null"/> when none was pushed.</summary>
    public ManifestList? ManifestList { get; internal set; }

    /// <summary>The verified list, when the settings asked for verification.</summary>
    public VerifiedManifest? Verified { get; internal set; }

    /// <summary>How long the whole pipeline took.</summary>
    public TimeSpan Duration { get; internal set; }

    /// <summary>Whether every architecture succeeded (and the list was pushed, when pushing).</summary>
    public bool Succeeded => Architectures.All(a => a.Status == ArchBuildStatus.Succeeded);

    /// <summary>A plain-text summary table: arch, platform, status, tag, digest, time.</summary>
    public string ToTable()
    {
        var rows = new List<string[]> { new[] { "ARCH", "PLATFORM", "STATUS", "TAG", "DIGEST", "TIME" } };
        rows.AddRange(Architectures.Select(a => new[]
        {
            a.Architecture.Name, a.Platform, a.Status.ToString().ToLowerInvariant(), a.Tag, a.Digest ?? "-",
            a.Duration.TotalSeconds.ToString("0.0s", CultureInfo.InvariantCulture),
        }));
        if (ManifestList is { } list)
        {
            rows.Add(["list", $"{list.Entries.Count} platforms{(list.Attestations > 0 ? $" + {list.Attestations} attestations" : "")}", list.Unchanged ? "unchanged" : "pushed", list.Tag, list.Digest,
                Duration.TotalSeconds.ToString("0.0s", CultureInfo.InvariantCulture)]);
        }

        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.AppendLine(string.Join("  ", row.Select((cell, i) => cell.PadRight(widths[i]))).TrimEnd());
        }

        return text.ToString().TrimEnd();
    }
}

using Cake.Core.Diagnostics;

namespace Cake.MultiArch.Publishing;

/// <summary>Writes per-arch publication files and joins a folder of them into one manifest list, by digest.</summary>
internal static class PublicationMerger
{
    /// <summary>Writes <c>&lt;arch&gt;.json</c> into the folder, creating it.</summary>
    /// <param name="directory">The folder the CI keeps as an artifact.</param>
    /// <param name="publication">What was published.</param>
    public static string Write(string directory, ArchPublication publication)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, publication.FileName);
        File.WriteAllText(path, publication.ToJson());
        return path;
    }

    /// <summary>Reads and checks every publication in a folder (searched recursively, as CI artifact downloads nest them).</summary>
    /// <param name="directory">The folder.</param>
    /// <param name="settings">The architectures expected and the list's tag.</param>
    /// <param name="log">Cake's log.</param>
    public static (string ListTag, IReadOnlyList<PushedImage> Images) Read(string directory, MergePublicationsSettings settings, ICakeLog log)
    {
        if (!Directory.Exists(directory))
        {
            throw new MultiArchException(
                $"The publication folder {directory} does not exist. Download the per-arch jobs' artifacts into it before merging.");
        }

        var files = Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            throw new MultiArchException($"No publication files (*.json) are in {directory}. Did the per-arch jobs run with PublicationDirectory set, and were their artifacts downloaded?");
        }

        var publications = files.Select(f => (File: f, Publication: ArchPublication.Read(f))).ToArray();
        foreach (var (file, publication) in publications)
        {
            log.Information("{0}: {1} {2} at {3}", Path.GetFileName(file), publication.Architecture, publication.ArchTag, publication.Digest);
        }

        var problems = new List<string>();
        var repositories = publications.Select(p => $"{p.Publication.Repository}:{p.Publication.Tag}").Distinct(StringComparer.Ordinal).ToArray();
        if (repositories.Length > 1 && settings.ListTag is null)
        {
            problems.Add($"the files name different images ({string.Join(", ", repositories)}); merge one image at a time, or set ListTag");
        }

        foreach (var duplicate in publications.GroupBy(p => p.Publication.Architecture).Where(g => g.Count() > 1))
        {
            problems.Add($"{duplicate.Key} is published more than once ({string.Join(", ", duplicate.Select(p => p.File))})");
        }

        var present = publications.Select(p => CpuArchitecture.Parse(p.Publication.Architecture)).ToHashSet();
        var missing = settings.ExpectedArchitectures.Where(a => !present.Contains(a)).Select(a => a.Name).ToArray();
        if (missing.Length > 0)
        {
            problems.Add($"no publication for {string.Join(", ", missing)}: its job failed or its artifact was not downloaded");
        }

        if (problems.Count > 0)
        {
            throw new MultiArchException($"Cannot merge the publications in {directory}; no list was pushed: {string.Join("; ", problems)}.");
        }

        return (settings.ListTag ?? repositories[0], publications.Select(p => p.Publication.ToPushedImage()).ToArray());
    }
}

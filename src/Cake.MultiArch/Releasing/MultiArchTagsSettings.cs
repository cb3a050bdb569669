namespace Cake.MultiArch;

/// <summary>
/// Settings for <c>MultiArchTags</c>: the repository whose tags are read, the version, which tags to make, and the
/// labels' title, source and creation time. The registry is reached as every alias reaches it (<c>Insecure</c>,
/// <c>ConfigDirectory</c> credentials, <c>Retry</c>).
/// </summary>
public class MultiArchTagsSettings : MultiArchToolSettings
{
    /// <summary>The image repository, such as <c>ghcr.io/me/app</c>, whose tags decide <c>latest</c>. Required.</summary>
    public string Image { get; set; } = "";

    /// <summary>
    /// The version built, a semantic version such as <c>1.2.3</c> or <c>v2.0.0-rc.1</c>. When not set, a CI build of a
    /// git tag that is a semantic version (<c>refs/tags/v1.2.3</c>) releases that version; else there is none.
    /// </summary>
    public string? Version { get; set; }

    /// <summary>Tag <c>latest</c> when the registry holds no higher release. On by default; never for a pre-release.</summary>
    public bool Latest { get; set; } = true;

    /// <summary>Tag <c>MAJOR.MINOR</c> and <c>MAJOR</c> when no higher release has them. On by default; never for a pre-release.</summary>
    public bool ShortTags { get; set; } = true;

    /// <summary>Tag the branch, made a valid tag (<c>feature/x</c> is <c>feature-x</c>). On by default; not on a pull request.</summary>
    public bool BranchTag { get; set; } = true;

    /// <summary>Tag the commit, <c>sha-</c> and its first seven hex digits. On by default.</summary>
    public bool ShaTag { get; set; } = true;

    /// <summary>Tag a pull request's build <c>pr-</c> and its number. On by default.</summary>
    public bool PullRequestTag { get; set; } = true;

    /// <summary>The <c>org.opencontainers.image.title</c> label. Defaults to the repository's last path component.</summary>
    public string? Title { get; set; }

    /// <summary>The <c>org.opencontainers.image.source</c> label. Defaults to the CI's repository, else git's <c>origin</c>.</summary>
    public string? Source { get; set; }

    /// <summary>The <c>org.opencontainers.image.created</c> label. Defaults to <c>SOURCE_DATE_EPOCH</c>, else the commit's time.</summary>
    public DateTimeOffset? Created { get; set; }
}

using System.Globalization;
using Cake.Core;

namespace Cake.MultiArch.Releasing;

/// <summary>
/// The <c>org.opencontainers.image.*</c> keys (the OCI image spec's pre-defined annotations, which docker writes as
/// labels too) and their values for one build.
/// </summary>
internal static class OciLabels
{
    /// <summary>The key of the creation time, RFC 3339.</summary>
    public const string Created = "org.opencontainers.image.created";

    /// <summary>The key of the source repository's address.</summary>
    public const string Source = "org.opencontainers.image.source";

    /// <summary>The key of the commit.</summary>
    public const string Revision = "org.opencontainers.image.revision";

    /// <summary>The key of the version.</summary>
    public const string Version = "org.opencontainers.image.version";

    /// <summary>The key of the title.</summary>
    public const string Title = "org.opencontainers.image.title";

    /// <summary>The variable of reproducible builds that fixes the creation time, in seconds since 1970.</summary>
    public const string SourceDateEpoch = "SOURCE_DATE_EPOCH";

    /// <summary>The labels of a build, those whose value is known, in the order created, source, revision, version, title.</summary>
    /// <param name="created">The creation time.</param>
    /// <param name="source">The repository's address.</param>
    /// <param name="revision">The commit.</param>
    /// <param name="version">The version.</param>
    /// <param name="title">The title.</param>
    public static IReadOnlyDictionary<string, string> Of(DateTimeOffset? created, string? source, string? revision, string? version, string? title)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                labels[key] = value;
            }
        }

        Add(Created, created is { } time ? Rfc3339(time) : null);
        Add(Source, source);
        Add(Revision, revision);
        Add(Version, version);
        Add(Title, title);
        return labels;
    }

    /// <summary>A time as RFC 3339 in UTC, to the second: <c>2024-05-01T12:00:00Z</c>.</summary>
    /// <param name="time">The time.</param>
    public static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The creation time that keeps rebuilds reproducible: the one given, else <c>SOURCE_DATE_EPOCH</c>, else the
    /// commit's time; <see langword="null"/> when none is known.
    /// </summary>
    /// <param name="given">The settings' <c>Created</c>.</param>
    /// <param name="environment">Cake's environment, for <c>SOURCE_DATE_EPOCH</c>.</param>
    /// <param name="commitTime">The commit's time.</param>
    public static DateTimeOffset? CreatedTime(DateTimeOffset? given, ICakeEnvironment environment, DateTimeOffset? commitTime)
    {
        if (given is not null)
        {
            return given;
        }

        var epoch = environment.GetEnvironmentVariable(SourceDateEpoch);
        if (string.IsNullOrWhiteSpace(epoch))
        {
            return commitTime;
        }

        return long.TryParse(epoch.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds <= DateTimeOffset.MaxValue.ToUnixTimeSeconds()
            ? DateTimeOffset.FromUnixTimeSeconds(seconds)
            : throw new MultiArchException(
                $"{SourceDateEpoch} is '{epoch}', which is not a number of seconds since 1970-01-01 UTC. Set it to the commit's time, as " +
                "`git log -1 --format=%ct` prints it (such as 1714564800), or unset it to use the commit's time.");
    }
}

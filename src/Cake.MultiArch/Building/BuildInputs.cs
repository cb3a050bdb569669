using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Cake.MultiArch.Building;

/// <summary>
/// A digest of everything a build reads: the platform, the base image's ID, the Dockerfile, the context's files (less
/// what <c>.dockerignore</c> excludes), the build arguments, labels and target. Recorded beside the image it built
/// (<see cref="BuildRecords"/>), it tells an incremental run that the local image was built from exactly these inputs,
/// so the build can be skipped.
/// </summary>
internal static class BuildInputs
{
    /// <summary>The digest, <c>sha256:...</c>.</summary>
    /// <param name="sources">The context and Dockerfile.</param>
    /// <param name="architecture">The platform built for.</param>
    /// <param name="baseImageId">The base image's ID, passed as the base build argument.</param>
    /// <param name="settings">The build arguments, labels and target.</param>
    /// <param name="baseImage">The base image's name, as passed.</param>
    public static string Digest(BuildSources sources, CpuArchitecture architecture, string? baseImageId, BuildArchImageSettings settings, string? baseImage)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Add(string text) => hash.AppendData(Encoding.UTF8.GetBytes(text + "\0"));

        Add("v1");
        Add(architecture.Platform);
        Add($"{settings.BaseArgumentName}={baseImage}@{baseImageId}");
        foreach (var (name, value) in settings.BuildArguments.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Add($"arg {name}={value}");
        }

        foreach (var (name, value) in settings.Labels.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Add($"label {name}={value}");
        }

        Add($"target {settings.Target}");
        Add("extra " + string.Join('\u001f', settings.ExtraArguments));
        Add("Dockerfile");
        hash.AppendData(File.ReadAllBytes(sources.Dockerfile));
        foreach (var file in ContextFiles(sources.Context))
        {
            Add("file " + file);
            hash.AppendData(File.ReadAllBytes(Path.Combine(sources.Context, file)));
        }

        return "sha256:" + Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The context's files that docker would send, as relative paths with <c>/</c>, in a stable order.</summary>
    /// <param name="context">The absolute context directory.</param>
    internal static IReadOnlyList<string> ContextFiles(string context)
    {
        var ignore = File.Exists(Path.Combine(context, ".dockerignore"))
            ? DockerIgnore.Parse(File.ReadAllLines(Path.Combine(context, ".dockerignore")))
            : DockerIgnore.Empty;
        return Directory.EnumerateFiles(context, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0, IgnoreInaccessible = false })
            .Select(f => Path.GetRelativePath(context, f).Replace('\\', '/'))
            .Where(f => !ignore.Excludes(f))
            .Order(StringComparer.Ordinal)
            .ToArray();
    }

    /// <summary>
    /// The patterns of a <c>.dockerignore</c>: <c>*</c>, <c>?</c> and <c>**</c> as docker reads them, later <c>!</c> lines
    /// re-including; a pattern that names a folder excludes what is in it.
    /// </summary>
    internal sealed class DockerIgnore
    {
        private readonly (Regex Pattern, bool Include)[] _rules;

        private DockerIgnore((Regex, bool)[] rules) => _rules = rules;

        /// <summary>No patterns: everything is sent.</summary>
        public static DockerIgnore Empty { get; } = new([]);

        /// <summary>Reads the file's lines.</summary>
        /// <param name="lines">The lines.</param>
        public static DockerIgnore Parse(IEnumerable<string> lines) => new(lines
            .Select(l => l.Trim())
            .Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => (Pattern: l.TrimStart('!').Trim().Trim('/'), Include: l.StartsWith('!')))
            .Where(r => r.Pattern.Length > 0)
            .Select(r => (new Regex("^" + ToRegex(r.Pattern.StartsWith("./", StringComparison.Ordinal) ? r.Pattern[2..] : r.Pattern) + "(/.*)?$", RegexOptions.CultureInvariant), r.Include))
            .ToArray());

        /// <summary>Whether a relative path is left out of the context.</summary>
        /// <param name="path">The path, with <c>/</c>.</param>
        public bool Excludes(string path)
        {
            var excluded = false;
            foreach (var (pattern, include) in _rules)
            {
                if (pattern.IsMatch(path))
                {
                    excluded = !include;
                }
            }

            return excluded;
        }

        private static string ToRegex(string pattern)
        {
            var regex = new StringBuilder();
            for (var i = 0; i < pattern.Length; i++)
            {
                var c = pattern[i];
                if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
                {
                    // "**/" is any number of folders, none included; a trailing "**" is anything.
                    var folders = i + 2 < pattern.Length && pattern[i + 2] == '/';
                    regex.Append(folders ? "(.*/)?" : ".*");
                    i += folders ? 2 : 1;
                }
                else
                {
                    regex.Append(c switch { '*' => "[^/]*", '?' => "[^/]", _ => Regex.Escape(c.ToString()) });
                }
            }

            return regex.ToString();
        }
    }
}

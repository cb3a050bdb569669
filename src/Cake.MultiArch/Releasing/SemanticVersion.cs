using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Cake.MultiArch.Releasing;

/// <summary>
/// A semantic version (semver.org 2.0.0): <c>MAJOR.MINOR.PATCH</c>, an optional pre-release after <c>-</c> and build
/// metadata after <c>+</c>, with the leading <c>v</c> of git tags allowed. Ordered by semver's precedence: build
/// metadata does not count, and a pre-release comes before its release.
/// </summary>
internal sealed partial class SemanticVersion : IComparable<SemanticVersion>
{
    /// <summary>What a semantic version looks like, for messages.</summary>
    public const string Shape =
        "A semantic version is MAJOR.MINOR.PATCH with numbers and no leading zeros, optionally followed by a pre-release " +
        "after '-' and build metadata after '+', such as '1.2.3', 'v1.2.3', '2.0.0-rc.1' or '1.4.0+build.7'.";

    private SemanticVersion(int major, int minor, int patch, string? preRelease, string? build)
    {
        Major = major;
        Minor = minor;
        Patch = patch;
        PreRelease = preRelease;
        Build = build;
    }

    /// <summary>The major version.</summary>
    public int Major { get; }

    /// <summary>The minor version.</summary>
    public int Minor { get; }

    /// <summary>The patch version.</summary>
    public int Patch { get; }

    /// <summary>The pre-release, such as <c>rc.1</c>, or <see langword="null"/> for a release.</summary>
    public string? PreRelease { get; }

    /// <summary>The build metadata, such as <c>build.7</c>, or <see langword="null"/>.</summary>
    public string? Build { get; }

    /// <summary>Whether this is a pre-release, which moves neither <c>latest</c> nor the short tags.</summary>
    public bool IsPreRelease => PreRelease is not null;

    /// <summary>Parses a version; throws a <see cref="MultiArchException"/> that says what a semantic version looks like.</summary>
    /// <param name="text">The version, such as <c>1.2.3</c> or <c>v1.2.3</c>.</param>
    public static SemanticVersion Parse(string text) =>
        TryParse(text, out var version)
            ? version
            : throw new MultiArchException($"The version '{text}' is not a semantic version. {Shape}");

    /// <summary>Parses a version; returns <see langword="false"/> when the text is not one.</summary>
    /// <param name="text">The text, such as a registry's tag.</param>
    /// <param name="version">The version, when it is one.</param>
    public static bool TryParse(string? text, [NotNullWhen(true)] out SemanticVersion? version)
    {
        version = null;
        var match = text is null ? null : Pattern().Match(text);
        if (match is not { Success: true } ||
            !int.TryParse(match.Groups["major"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var major) ||
            !int.TryParse(match.Groups["minor"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var minor) ||
            !int.TryParse(match.Groups["patch"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var patch))
        {
            return false;
        }

        var preRelease = match.Groups["pre"].Success ? match.Groups["pre"].Value : null;
        var build = match.Groups["build"].Success ? match.Groups["build"].Value : null;
        version = new SemanticVersion(major, minor, patch, preRelease, build);
        return true;
    }

    /// <summary>
    /// The version as a docker tag: without the leading <c>v</c>, and with <c>+</c> (which tags may not hold) written
    /// <c>_</c>, as Helm and others do: <c>1.4.0_build.7</c>.
    /// </summary>
    public string ToTag() => ToString().Replace('+', '_');

    /// <summary>The version without the leading <c>v</c>: <c>1.2.3-rc.1+build.7</c>.</summary>
    public override string ToString() =>
        $"{Major}.{Minor}.{Patch}" + (PreRelease is null ? "" : "-" + PreRelease) + (Build is null ? "" : "+" + Build);

    /// <inheritdoc/>
    public int CompareTo(SemanticVersion? other)
    {
        if (other is null)
        {
            return 1;
        }

        var order = Major.CompareTo(other.Major);
        order = order != 0 ? order : Minor.CompareTo(other.Minor);
        order = order != 0 ? order : Patch.CompareTo(other.Patch);
        if (order != 0 || PreRelease == other.PreRelease)
        {
            return order;
        }

        // A release comes after its pre-releases.
        if (PreRelease is null || other.PreRelease is null)
        {
            return PreRelease is null ? 1 : -1;
        }

        return ComparePreRelease(PreRelease.Split('.'), other.PreRelease.Split('.'));
    }

    // Identifiers one by one: numbers numerically and before words, words by ASCII; a longer list wins a tie.
    private static int ComparePreRelease(string[] left, string[] right)
    {
        for (var i = 0; i < Math.Min(left.Length, right.Length); i++)
        {
            var leftNumber = left[i].All(char.IsAsciiDigit);
            var rightNumber = right[i].All(char.IsAsciiDigit);
            var order = (leftNumber, rightNumber) switch
            {
                (true, true) => left[i].Length != right[i].Length ? left[i].Length.CompareTo(right[i].Length) : string.CompareOrdinal(left[i], right[i]),
                (true, false) => -1,
                (false, true) => 1,
                _ => string.CompareOrdinal(left[i], right[i]),
            };
            if (order != 0)
            {
                return order;
            }
        }

        return left.Length.CompareTo(right.Length);
    }

    // semver.org's regular expression, with an optional leading 'v'.
    [GeneratedRegex(
        @"^v?(?<major>0|[1-9]\d*)\.(?<minor>0|[1-9]\d*)\.(?<patch>0|[1-9]\d*)" +
        @"(?:-(?<pre>(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?" +
        @"(?:\+(?<build>[0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$")]
    private static partial Regex Pattern();
}

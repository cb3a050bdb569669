using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cake.MultiArch.Building;

/// <summary>
/// A <c>docker buildx bake</c> file in its JSON form: one target per architecture, each the <c>docker build --platform</c>
/// that <see cref="ArchImageBuilder"/> would run for that arch, and a default group of them all, so that one bake builds
/// every architecture in one BuildKit invocation.
/// </summary>
/// <param name="Target">The targets, by architecture name.</param>
/// <param name="Group">The default group, which names every target.</param>
internal sealed record BakeDefinition(
    [property: JsonPropertyName("target")] IReadOnlyDictionary<string, BakeTarget> Target,
    [property: JsonPropertyName("group")] IReadOnlyDictionary<string, BakeGroup> Group)
{
    private static readonly JsonSerializerOptions Options = new() { WriteIndented = true };

    /// <summary>The bake file of the given architectures' builds.</summary>
    /// <param name="settings">The build settings every arch shares.</param>
    /// <param name="builds">Each architecture with its tags (the arch tag first) and its expanded base, or <see langword="null"/> for none.</param>
    /// <param name="sources">The context and Dockerfile.</param>
    public static BakeDefinition For(
        BuildArchImageSettings settings,
        IReadOnlyList<(CpuArchitecture Architecture, IReadOnlyList<string> Tags, string? BaseImage)> builds,
        BuildSources sources) =>
        Of(builds.ToDictionary(
            b => b.Architecture.Name,
            b => TargetOf(settings, [b.Architecture.Platform], b.Tags, b.BaseImage, sources, b.Architecture),
            StringComparer.Ordinal));

    /// <summary>
    /// The bake file of one multi-platform build: one target for every architecture, all from one base, which BuildKit
    /// pushes as one index of every platform (with each platform's attestations) under <paramref name="tag"/>. It keeps
    /// no registry cache: one target exports one cache of every platform, so a run with a cache bakes a target per arch.
    /// </summary>
    /// <param name="settings">The build settings every arch shares.</param>
    /// <param name="architectures">The architectures.</param>
    /// <param name="baseImage">The one base every arch builds from, or <see langword="null"/> for none.</param>
    /// <param name="tag">Where BuildKit pushes the index.</param>
    /// <param name="sources">The context and Dockerfile.</param>
    public static BakeDefinition Shared(
        BuildArchImageSettings settings, IReadOnlyList<CpuArchitecture> architectures, string? baseImage, string tag, BuildSources sources) =>
        Of(new Dictionary<string, BakeTarget>(StringComparer.Ordinal)
        {
            [SharedTarget] = TargetOf(settings, [.. architectures.Select(a => a.Platform)], [tag], baseImage, sources, null),
        });

    /// <summary>The name of the one target of <see cref="Shared"/>.</summary>
    public const string SharedTarget = "multiarch";

    /// <summary>The bake file of these targets, with a default group of them all.</summary>
    /// <param name="targets">The targets, by name.</param>
    internal static BakeDefinition Of(Dictionary<string, BakeTarget> targets) =>
        new(targets, new Dictionary<string, BakeGroup>(StringComparer.Ordinal) { ["default"] = new([.. targets.Keys]) });

    /// <summary>One target; <paramref name="architecture"/> names the one arch whose registry cache it reads and writes, if any.</summary>
    private static BakeTarget TargetOf(
        BuildArchImageSettings settings, IReadOnlyList<string> platforms, IReadOnlyList<string> tags, string? baseImage, BuildSources sources,
        CpuArchitecture? architecture) =>
        new(
            Literal(sources.Context),
            Literal(sources.Dockerfile),
            platforms,
            Literals(baseImage is null
                ? settings.BuildArguments
                : settings.BuildArguments.Append(KeyValuePair.Create(settings.BaseArgumentName, baseImage))),
            Literals(settings.Labels),
            tags,
            string.IsNullOrWhiteSpace(settings.Target) ? null : Literal(settings.Target),
            settings.NoCache,
            settings.Pull,
            [.. settings.CacheFrom.Select(Literal), .. CacheOf(settings, architecture, BuildCommands.RegistryCacheImport)],
            [.. CacheOf(settings, architecture, BuildCommands.RegistryCacheExport)],
            ["type=image,push=true"]);

    private static IEnumerable<string> CacheOf(
        BuildArchImageSettings settings, CpuArchitecture? architecture, Func<RegistryCache, CpuArchitecture, bool, string?> entry) =>
        settings.RegistryCache is { } cache && architecture is not null && entry(cache, architecture, settings.Insecure) is { } value
            ? [Literal(value)]
            : [];

    /// <summary>The file's text.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Options);

    /// <summary>
    /// A value bake takes as it is: bake reads its files as HCL, whose JSON form still expands <c>${...}</c> and
    /// <c>%{...}</c> in strings, so a build argument such as <c>${HOME}</c> would be replaced; doubling the sign keeps it.
    /// </summary>
    /// <param name="value">The value.</param>
    internal static string Literal(string value) => value.Replace("${", "$${", StringComparison.Ordinal).Replace("%{", "%%{", StringComparison.Ordinal);

    /// <summary>Each value as bake takes it as it is (<see cref="Literal"/>), in key order.</summary>
    /// <param name="pairs">The pairs.</param>
    internal static IReadOnlyDictionary<string, string> Literals(IEnumerable<KeyValuePair<string, string>> pairs)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in pairs)
        {
            result[key] = Literal(value);
        }

        return result;
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cake.MultiArch.Building;

/// <summary>One bake target: one architecture's build.</summary>
/// <param name="Context">The absolute context directory.</param>
/// <param name="Dockerfile">The absolute Dockerfile path.</param>
/// <param name="Platforms">The platforms built: one per arch target, every arch's in a shared one.</param>
/// <param name="Args">The build arguments, the base among them.</param>
/// <param name="Labels">The labels.</param>
/// <param name="Tags">The tags, the arch tag first.</param>
/// <param name="BuildTarget">The Dockerfile stage, or <see langword="null"/> for the last.</param>
/// <param name="NoCache">Builds without BuildKit's cache.</param>
/// <param name="Pull">Pulls the base even when the daemon holds it.</param>
/// <param name="CacheFrom">External cache sources.</param>
/// <param name="CacheTo">External cache exports: the arch's registry cache, when one is kept.</param>
/// <param name="Output">Where the image goes: the daemon's image store and, as it finishes, the registry.</param>
internal sealed record BakeTarget(
    [property: JsonPropertyName("context")] string Context,
    [property: JsonPropertyName("dockerfile")] string Dockerfile,
    [property: JsonPropertyName("platforms")] IReadOnlyList<string> Platforms,
    [property: JsonPropertyName("args")] IReadOnlyDictionary<string, string> Args,
    [property: JsonPropertyName("labels")] IReadOnlyDictionary<string, string> Labels,
    [property: JsonPropertyName("tags")] IReadOnlyList<string> Tags,
    [property: JsonPropertyName("target"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? BuildTarget,
    [property: JsonPropertyName("no-cache")] bool NoCache,
    [property: JsonPropertyName("pull")] bool Pull,
    [property: JsonPropertyName("cache-from")] IReadOnlyList<string> CacheFrom,
    [property: JsonPropertyName("cache-to")] IReadOnlyList<string> CacheTo,
    [property: JsonPropertyName("output")] IReadOnlyList<string> Output);

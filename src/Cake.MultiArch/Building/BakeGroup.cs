using System.Text.Json;
using System.Text.Json.Serialization;

namespace Cake.MultiArch.Building;

/// <summary>A bake group: the targets one bake builds.</summary>
/// <param name="Targets">The target names.</param>
internal sealed record BakeGroup([property: JsonPropertyName("targets")] IReadOnlyList<string> Targets);

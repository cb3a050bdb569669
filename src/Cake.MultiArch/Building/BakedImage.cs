using System.Diagnostics;
using Cake.Core.Diagnostics;
using Cake.MultiArch.Docker;

namespace Cake.MultiArch.Building;

/// <summary>One architecture's image from a bake: the image, and the digest BuildKit pushed it at.</summary>
/// <param name="Image">The image, as <see cref="ArchImageBuilder"/> would report it.</param>
/// <param name="PushedDigest">The digest the registry holds the arch tag at, when the bake pushed it; <see langword="null"/> for an image that was up to date and not built.</param>
internal sealed record BakedImage(ArchImage Image, string? PushedDigest);

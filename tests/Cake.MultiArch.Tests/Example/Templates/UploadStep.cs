namespace Cake.MultiArch.Tests.Example.Templates;

/// <summary>Hands files to later jobs: GitHub's upload-artifact, Azure's publish, Travis's workspaces.create.</summary>
/// <param name="Artifact">The artifact's (or workspace's) name.</param>
/// <param name="Paths">The files, relative to the checkout.</param>
/// <param name="KeepsPaths">Whether the artifact keeps each file's path in the checkout (Travis) or its name alone (GitHub, Azure).</param>
internal sealed record UploadStep(string Artifact, IReadOnlyList<string> Paths, bool KeepsPaths) : CiStep;

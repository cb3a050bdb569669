namespace Cake.MultiArch.Tests.Example.Templates;

/// <summary>Takes files from earlier jobs: GitHub's download-artifact, Azure's DownloadPipelineArtifact, Travis's workspaces.use.</summary>
/// <param name="ArtifactPattern">The artifacts' names, <c>*</c> matching any text.</param>
/// <param name="FilePattern">The files within each artifact, <c>*</c> matching any text.</param>
/// <param name="Destination">Where they go, relative to the checkout.</param>
/// <param name="IntoArtifactFolders">Whether each artifact's files go into a folder named after it under the destination.</param>
internal sealed record DownloadStep(string ArtifactPattern, string FilePattern, string Destination, bool IntoArtifactFolders) : CiStep;

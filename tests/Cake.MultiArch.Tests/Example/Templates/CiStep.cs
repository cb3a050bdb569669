namespace Cake.MultiArch.Tests.Example.Templates;

/// <summary>A step of a CI job that matters to the build: a build-script command, or an artifact hand-over.</summary>
internal abstract record CiStep;

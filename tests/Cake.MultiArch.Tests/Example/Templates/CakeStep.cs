namespace Cake.MultiArch.Tests.Example.Templates;

/// <summary>A build-script step: a shell command that runs <c>dotnet cake</c>, with the CI's expressions resolved.</summary>
/// <param name="Command">The command as bash runs it (shell variables such as <c>"$REGISTRY"</c> are left to bash).</param>
/// <param name="WorkingDirectory">Where it runs, relative to the checkout.</param>
/// <param name="Environment">The variables the CI gives it.</param>
internal sealed record CakeStep(string Command, string WorkingDirectory, IReadOnlyDictionary<string, string> Environment) : CiStep;

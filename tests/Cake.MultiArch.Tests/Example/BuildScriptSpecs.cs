using System.Diagnostics;
using System.Reflection;
using System.Text.RegularExpressions;

namespace Cake.MultiArch.Tests.Example;

/// <summary>
/// example/build.cake as the real Cake (the repository's tool manifest) sees it. The add-in is packed under a
/// version of its own into a temporary feed, and a copy of the example in a temporary folder loads that version,
/// so nothing in the repository changes (Cake caches add-ins in tools/Addins beside the script: the copy's).
/// </summary>
[TestFixture]
[NonParallelizable]
public partial class BuildScriptSpecs
{
    private const string AddinLine = "#addin nuget:?package=Cake.MultiArch&version=0.1.0-local&loaddependencies=true";

    private readonly string _version = $"0.1.0-spec.{Guid.NewGuid():N}"[..26];
    private string _workspace = "";
    private string _feed = "";

    [OneTimeSetUp]
    public void PackTheAddinAndCopyTheExample()
    {
        _workspace = Directory.CreateTempSubdirectory("cake-multiarch-example-").FullName;
        _feed = Directory.CreateDirectory(Path.Combine(_workspace, "feed")).FullName;
        var script = Directory.CreateDirectory(Path.Combine(_workspace, "example")).FullName;

        Run("dotnet", ["tool", "restore"], ExampleFolder.RepositoryRoot);
        Pack(_feed);

        foreach (var file in new[] { "build.cake", "cake.config" }.Concat(
                     Directory.GetFiles(ExampleFolder.File("scripts"), "*.cake").Select(f => Path.GetRelativePath(ExampleFolder.Path, f))))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(script, file))!);
            File.Copy(ExampleFolder.File(file), Path.Combine(script, file));
        }

        var buildCake = Path.Combine(script, "build.cake");
        var text = File.ReadAllText(buildCake);
        Assert.That(Regex.Matches(text, Regex.Escape(AddinLine)), Has.Count.EqualTo(1), "build.cake should load the locally packed add-in once");
        File.WriteAllText(buildCake, text.Replace("version=0.1.0-local", $"version={_version}", StringComparison.Ordinal));
    }

    [OneTimeTearDown]
    public void RemoveTheWorkspace()
    {
        if (Directory.Exists(_workspace))
        {
            Directory.Delete(_workspace, recursive: true);
        }

        // The spec's own version, if NuGet also put it in the global packages folder.
        var globalCopy = Path.Combine(
            Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
            "cake.multiarch",
            _version);
        if (Directory.Exists(globalCopy))
        {
            Directory.Delete(globalCopy, recursive: true);
        }
    }

    [Test]
    public void Description_lists_the_targets_of_the_classic_makefile()
    {
        // Given
        var script = Path.Combine(_workspace, "example", "build.cake");

        // When
        // Cake reads NuGet sources from the working directory's nuget.config (here the repository's), and adds
        // CAKE_NUGET_SOURCE: the temporary feed. CliWrap comes from the repository's sources as usual.
        var output = Run("dotnet", ["cake", script, "--description"], ExampleFolder.RepositoryRoot, ("CAKE_NUGET_SOURCE", _feed));

        // Then
        var targets = output.Split('\n')
            .Select(l => TargetRow().Match(l))
            .Where(m => m.Success)
            .Select(m => m.Groups["name"].Value)
            .Where(n => n != "Task")
            .ToArray();
        Assert.That(targets, Is.EquivalentTo(new[] { "Deps", "Build", "Push", "Manifest", "Clean", "Login", "PublishArch", "Merge" }), output);
    }

    [Test]
    public void Manifest_is_the_default_target()
    {
        // Given
        var text = File.ReadAllText(ExampleFolder.File("build.cake"));

        // When
        var defaultTarget = DefaultTarget().Match(text);

        // Then
        Assert.That(defaultTarget.Success, Is.True, "build.cake should read its target with Argument(\"target\", ...)");
        Assert.That(defaultTarget.Groups["name"].Value, Is.EqualTo("Manifest"));
    }

    /// <summary>
    /// Packs the add-in the test run has already built (same configuration), without building it again;
    /// builds it only where that output is missing.
    /// </summary>
    private void Pack(string feed)
    {
        var configuration = typeof(BuildScriptSpecs).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var project = Path.Combine(ExampleFolder.RepositoryRoot, "src", "Cake.MultiArch", "Cake.MultiArch.csproj");
        var built = File.Exists(Path.Combine(ExampleFolder.RepositoryRoot, "src", "Cake.MultiArch", "bin", configuration, "net10.0", "Cake.MultiArch.dll"));
        // The generated .nuspec goes to the workspace too, not into the project's obj/.
        var arguments = new List<string>
        {
            "pack", project, "-c", configuration, "-o", feed, $"-p:Version={_version}",
            $"-p:NuspecOutputPath={Path.Combine(_workspace, "nuspec")}{Path.DirectorySeparatorChar}", "--nologo",
        };
        if (built)
        {
            arguments.Add("--no-build");
        }

        Run("dotnet", arguments, ExampleFolder.RepositoryRoot);
    }

    /// <summary>Runs a process to its end and returns its output; a failure fails the test with that output.</summary>
    private static string Run(string fileName, IEnumerable<string> arguments, string workingDirectory, params (string Name, string Value)[] environment)
    {
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Plain text: no ANSI colours and no console width to wrap the description table at.
        start.Environment["NO_COLOR"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"`{fileName} {string.Join(' ', start.ArgumentList)}` did not finish within 3 minutes.\n{output}");
        }

        Assert.That(process.ExitCode, Is.Zero, $"`{fileName} {string.Join(' ', start.ArgumentList)}` failed:\n{output}\n{error.Result}");
        return output;
    }

    /// <summary>A row of Cake's description table: the task name, then its description (continuation rows have no name).</summary>
    [GeneratedRegex(@"^\s{1,4}(?<name>[A-Z][A-Za-z0-9]*)\s{2,}\S")]
    private static partial Regex TargetRow();

    [GeneratedRegex(@"Argument\(\s*""target""\s*,\s*""(?<name>[^""]+)""\s*\)")]
    private static partial Regex DefaultTarget();
}

// Cake.MultiArch's own build: `dotnet tool restore && dotnet cake [--target=Test|Build|Pack|Clean|Manifest]`.
//
//   dotnet cake --target=Manifest   prepares this machine, packs the add-in and publishes the example (example/build.cake):
//                                   a four-arch manifest list in a local registry at 127.0.0.1:5000, then a summary table
//   dotnet cake --target=Test       runs every test (what CI runs, through .ci/run)
//
// --archs, --image, --tag, --registry, --start-registry and --base, when given, are passed on to the example's own Manifest target.

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var packageVersion = Argument("package-version", "0.1.0-local");

var solution = File("./Cake.MultiArch.sln");
var artifacts = Directory("./artifacts");
var testResults = artifacts + Directory("test-results");
var packages = artifacts + Directory("packages");
var example = Directory("./example");
// The example's arguments that the Manifest target passes on when they are given.
var exampleArguments = new[] { "archs", "image", "tag", "registry", "start-registry", "base" };

Task("Clean")
    .Description("Removes build output and test results; keeps artifacts/packages, the local feed nuget.config lists.")
    .Does(() =>
{
    CleanDirectories("./src/**/bin/" + configuration);
    CleanDirectories("./src/**/obj/" + configuration);
    CleanDirectories("./tests/**/bin/" + configuration);
    CleanDirectories("./tests/**/obj/" + configuration);
    if (DirectoryExists(testResults))
    {
        DeleteDirectory(testResults, new DeleteDirectorySettings { Recursive = true, Force = true });
    }

    // Old packages would shadow a fresh one of the same version in NuGet's cache anyway; .gitkeep stays.
    DeleteFiles(GetFiles(packages.Path.FullPath + "/*.nupkg"));
});

Task("Build")
    .Description("Builds the solution.")
    .Does(() =>
{
    DotNetBuild(solution, new DotNetBuildSettings
    {
        Configuration = configuration,
    });
});

Task("Host")
    .Description("Prepares this machine for the integration tests (packages, QEMU, dockerd, busybox); as root on Linux only.")
    .WithCriteria(() => IsRunningOnLinux() && System.Environment.IsPrivilegedProcess, "not root on Linux; the host must already be prepared")
    .Does(() =>
{
    var exitCode = StartProcess("bash", new ProcessSettings
    {
        Arguments = new ProcessArgumentBuilder().Append(".ci/prepare-host"),
        WorkingDirectory = MakeAbsolute(Directory(".")),
    });
    if (exitCode != 0)
    {
        throw new Exception($".ci/prepare-host failed with exit code {exitCode}.");
    }
});

Task("Test")
    .Description("Runs every test (unit and integration) and writes TRX results to artifacts/test-results.")
    .IsDependentOn("Build")
    .IsDependentOn("Host")
    .Does(() =>
{
    // Stale TRX files would be counted by .ci/run as this run's results.
    if (DirectoryExists(testResults))
    {
        DeleteDirectory(testResults, new DeleteDirectorySettings { Recursive = true, Force = true });
    }

    DotNetTest(solution, new DotNetTestSettings
    {
        Configuration = configuration,
        NoBuild = true,
        NoRestore = true,
        Loggers = { "trx", "console;verbosity=normal" },
        ResultsDirectory = testResults,
    });
});

Task("Pack")
    .Description("Packs Cake.MultiArch into artifacts/packages (--package-version, default 0.1.0-local).")
    .IsDependentOn("Build")
    .Does(() => PackAddin());

Task("Manifest")
    .Description("The example, end to end: prepares this machine (as root), packs the add-in as 0.1.0-local and runs example/'s Manifest target.")
    .IsDependentOn("Host")
    .Does(() =>
{
    // The example's #addin names 0.1.0-local, whatever --package-version says.
    PackAddin("0.1.0-local", example);

    var arguments = new ProcessArgumentBuilder().Append("cake").Append("--target=Manifest");
    foreach (var name in exampleArguments.Where(HasArgument))
    {
        arguments.AppendQuoted($"--{name}={Argument<string>(name)}");
    }

    Information("Running the example: dotnet {0} (in example/)", arguments.Render());
    // The example's output streams straight to this console; it ends with the summary table.
    var exitCode = StartProcess("dotnet", new ProcessSettings
    {
        Arguments = arguments,
        WorkingDirectory = MakeAbsolute(example),
    });
    if (exitCode != 0)
    {
        throw new Exception($"The example's `dotnet {arguments.Render()}` failed with exit code {exitCode}; its output above says why.");
    }
});

Task("Example")
    .Description("Another name for Manifest: the example, end to end.")
    .IsDependentOn("Manifest");

Task("Default")
    .IsDependentOn("Test");

RunTarget(target);

/// <summary>
/// Packs the add-in into artifacts/packages under a version, then removes every extracted copy of that version that
/// NuGet or Cake would otherwise reuse instead (a re-pack keeps its version), in the root's and the other script folders.
/// </summary>
void PackAddin(string version = null, params DirectoryPath[] scriptFolders)
{
    version ??= packageVersion;
    DotNetPack("./src/Cake.MultiArch/Cake.MultiArch.csproj", new DotNetPackSettings
    {
        Configuration = configuration,
        OutputDirectory = packages,
        MSBuildSettings = new DotNetMSBuildSettings().WithProperty("Version", version),
    });

    // NuGet's global folder and Cake's add-in folder reuse an extracted package of the same version forever:
    // remove those copies so the next #addin sees this build.
    var stale = new List<DirectoryPath>();
    var nugetRoot = EnvironmentVariable("NUGET_PACKAGES")
        ?? System.IO.Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    stale.Add(Directory(nugetRoot) + Directory("cake.multiarch") + Directory(version.ToLowerInvariant()));
    foreach (var folder in new DirectoryPath[] { Directory(".") }.Concat(scriptFolders))
    {
        var addins = folder.Combine("tools/Addins");
        if (DirectoryExists(addins))
        {
            stale.AddRange(GetSubDirectories(addins)
                .Where(d => string.Equals(d.GetDirectoryName(), "Cake.MultiArch." + version, StringComparison.OrdinalIgnoreCase)));
        }
    }

    // A script compiled against the old build and cached (cake.config's EnableScriptCache) would call its members.
    stale.AddRange(scriptFolders.Select(folder => MakeAbsolute(folder.Combine("tools/cache"))));

    foreach (var directory in stale.Where(DirectoryExists))
    {
        Information("Removing {0}, which holds an earlier build of {1}", directory, version);
        DeleteDirectory(directory, new DeleteDirectorySettings { Recursive = true, Force = true });
    }
}

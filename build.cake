// Cake.MultiArch's own build: `dotnet tool restore && dotnet cake [--target=Test|Build|Pack|Clean]`.

var target = Argument("target", "Test");
var configuration = Argument("configuration", "Release");
var packageVersion = Argument("package-version", "0.1.0-local");

var solution = File("./Cake.MultiArch.sln");
var artifacts = Directory("./artifacts");
var testResults = artifacts + Directory("test-results");
var packages = artifacts + Directory("packages");

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
    .Does(() =>
{
    DotNetPack("./src/Cake.MultiArch/Cake.MultiArch.csproj", new DotNetPackSettings
    {
        Configuration = configuration,
        OutputDirectory = packages,
        MSBuildSettings = new DotNetMSBuildSettings().WithProperty("Version", packageVersion),
    });

    // A re-pack keeps its version (0.1.0-local), and both NuGet's global folder and Cake's addin folder reuse an
    // extracted package of the same version forever: remove those copies so the next #addin sees this build.
    var stale = new List<DirectoryPath>();
    var nugetRoot = EnvironmentVariable("NUGET_PACKAGES")
        ?? System.IO.Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
    stale.Add(Directory(nugetRoot) + Directory("cake.multiarch") + Directory(packageVersion.ToLowerInvariant()));
    if (DirectoryExists("./tools/Addins"))
    {
        stale.AddRange(GetSubDirectories("./tools/Addins")
            .Where(d => string.Equals(d.GetDirectoryName(), "Cake.MultiArch." + packageVersion, StringComparison.OrdinalIgnoreCase)));
    }

    foreach (var directory in stale.Where(DirectoryExists))
    {
        Information("Removing the stale extracted copy {0}", directory);
        DeleteDirectory(directory, new DeleteDirectorySettings { Recursive = true, Force = true });
    }
});

Task("Default")
    .IsDependentOn("Test");

RunTarget(target);

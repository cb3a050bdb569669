using System.Globalization;

namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>
/// The add-in packed once per test run into a private folder feed, under a version no earlier run used, so that
/// Cake's add-in cache can never hand a script an older build.
/// </summary>
public static class PackedAddin
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static (string Feed, string Version)? _packed;

    /// <summary>Packs the add-in (once) and returns the feed folder and the version.</summary>
    public static async Task<(string Feed, string Version)> EnsureAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_packed is { } packed)
            {
                return packed;
            }

            var version = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);
            var feed = Directory.CreateTempSubdirectory("cake-multiarch-feed-").FullName;
            await HostCommand.RunCheckedAsync(
                "dotnet",
                ["pack", RepositoryLayout.PathTo("src", "Cake.MultiArch", "Cake.MultiArch.csproj"), "-c", "Release", "-o", feed, $"-p:Version={version}", "--nologo"],
                timeout: TimeSpan.FromMinutes(5));
            _packed = (feed, version);
            return _packed.Value;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>
    /// Makes a folder where Cake restores the packed add-in: a nuget.config naming the feed (and NuGet for CliWrap)
    /// and a tool manifest pinning Cake 7, restored.
    /// </summary>
    /// <param name="prefix">The temporary folder's name prefix.</param>
    /// <returns>The folder and the packed add-in's version.</returns>
    public static async Task<(string Folder, string Version)> RestoredFolderAsync(string prefix)
    {
        var (feed, version) = await EnsureAsync();
        var folder = Directory.CreateTempSubdirectory(prefix).FullName;
        await File.WriteAllTextAsync(Path.Combine(folder, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="test-feed" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        Directory.CreateDirectory(Path.Combine(folder, ".config"));
        File.Copy(RepositoryLayout.PathTo(".config", "dotnet-tools.json"), Path.Combine(folder, ".config", "dotnet-tools.json"));
        await HostCommand.RunCheckedAsync("dotnet", ["tool", "restore"], workingDirectory: folder);
        return (folder, version);
    }

    /// <summary>
    /// Makes a folder for a Cake script that loads the packed add-in (see <see cref="RestoredFolderAsync"/>), with a
    /// build.cake whose <c>#addin</c> names the packed version.
    /// </summary>
    /// <param name="script">The script's body; <c>#addin</c> is put above it.</param>
    public static async Task<string> ScriptFolderAsync(string script)
    {
        var (folder, version) = await RestoredFolderAsync("cake-multiarch-script-");
        await File.WriteAllTextAsync(
            Path.Combine(folder, "build.cake"),
            $"#addin nuget:?package=Cake.MultiArch&version={version}&loaddependencies=true\n{script}");
        return folder;
    }

    /// <summary>Runs <c>dotnet cake</c> in a script folder, with extra arguments.</summary>
    /// <param name="folder">The folder from <see cref="ScriptFolderAsync"/>.</param>
    /// <param name="arguments">Arguments for Cake, such as <c>--verbosity=diagnostic</c>.</param>
    public static Task<HostCommandResult> RunCakeAsync(string folder, params string[] arguments) =>
        RunCakeAsync(folder, null, arguments);

    /// <summary>Runs <c>dotnet cake</c> in a script folder with extra environment variables and arguments.</summary>
    /// <param name="folder">The folder from <see cref="ScriptFolderAsync"/>.</param>
    /// <param name="environment">Variables set for Cake on top of this process's, or <see langword="null"/>.</param>
    /// <param name="arguments">Arguments for Cake, such as <c>--verbosity=diagnostic</c>.</param>
    public static Task<HostCommandResult> RunCakeAsync(string folder, IReadOnlyDictionary<string, string?>? environment, params string[] arguments) =>
        HostCommand.RunAsync("dotnet", ["cake", "build.cake", .. arguments], workingDirectory: folder, timeout: TimeSpan.FromMinutes(10), environment: environment);
}

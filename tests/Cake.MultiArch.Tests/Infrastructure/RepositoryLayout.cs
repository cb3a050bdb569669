namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>Where the repository's own files are, found from the test assembly's location.</summary>
public static class RepositoryLayout
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Cake.MultiArch.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Cake.MultiArch.sln above {AppContext.BaseDirectory}; run the tests from the repository.");
    });

    /// <summary>The repository's root folder (where Cake.MultiArch.sln is).</summary>
    public static string Root => RootPath.Value;

    /// <summary>A path below the root.</summary>
    /// <param name="parts">The path's parts.</param>
    public static string PathTo(params string[] parts) => Path.Combine([Root, .. parts]);
}

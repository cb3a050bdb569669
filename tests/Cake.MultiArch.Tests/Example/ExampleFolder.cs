namespace Cake.MultiArch.Tests.Example;

/// <summary>Where the repository and its example/ folder are, found from the test's own directory.</summary>
internal static class ExampleFolder
{
    /// <summary>The repository root: the nearest parent holding Cake.MultiArch.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The example project.</summary>
    public static string Path => System.IO.Path.Combine(RepositoryRoot, "example");

    /// <summary>A file of the example, by its path under example/.</summary>
    /// <param name="relative">Such as <c>.github/workflows/multiarch.yml</c>.</param>
    public static string File(string relative) => System.IO.Path.Combine(Path, relative);

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); directory is not null; directory = directory.Parent)
        {
            if (System.IO.File.Exists(System.IO.Path.Combine(directory.FullName, "Cake.MultiArch.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No Cake.MultiArch.sln above {TestContext.CurrentContext.TestDirectory}.");
    }
}

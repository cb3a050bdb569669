using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Releasing;

/// <summary>A real git repository in a temporary folder, with commits at fixed times; deleted when disposed.</summary>
internal sealed class GitRepository : IDisposable
{
    private GitRepository(string path) => Path = path;

    /// <summary>The repository's folder.</summary>
    public string Path { get; }

    /// <summary>Creates a repository on <paramref name="branch"/> with one commit made at <paramref name="committed"/>.</summary>
    /// <param name="branch">The branch to commit on.</param>
    /// <param name="committed">The commit's author and committer date.</param>
    public static async Task<GitRepository> CreateAsync(string branch, DateTimeOffset committed)
    {
        var repository = new GitRepository(Directory.CreateTempSubdirectory("multiarch-git-").FullName);
        await repository.GitAsync("init", "--quiet", "--initial-branch", branch);
        await repository.CommitAsync("first", committed);
        return repository;
    }

    /// <summary>Commits a file change at a fixed time.</summary>
    /// <param name="message">The message, also the file's content.</param>
    /// <param name="committed">The author and committer date.</param>
    public async Task CommitAsync(string message, DateTimeOffset committed)
    {
        await File.WriteAllTextAsync(System.IO.Path.Combine(Path, "README"), message);
        await GitAsync("add", "README");
        var date = committed.ToString("yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture);
        var result = await HostCommand.RunAsync(
            "git",
            ["-c", "user.name=Test", "-c", "user.email=test@example.com", "-c", "commit.gpgsign=false", "commit", "--quiet", "-m", message],
            workingDirectory: Path,
            environment: new Dictionary<string, string?> { ["GIT_AUTHOR_DATE"] = date, ["GIT_COMMITTER_DATE"] = date });
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(result.Describe());
        }
    }

    /// <summary>Runs git in the repository and returns its output, trimmed.</summary>
    /// <param name="arguments">git's arguments.</param>
    public async Task<string> GitAsync(params string[] arguments) =>
        (await HostCommand.RunCheckedAsync("git", arguments, workingDirectory: Path)).StandardOutput.Trim();

    /// <inheritdoc/>
    public void Dispose() => Directory.Delete(Path, recursive: true);
}

using Cake.Core.IO;

namespace Cake.MultiArch.Building;

/// <summary>A build's context directory and Dockerfile, resolved to absolute paths the way <c>docker build</c> reads them.</summary>
/// <param name="Context">The absolute context directory.</param>
/// <param name="Dockerfile">The absolute Dockerfile path.</param>
internal sealed record BuildSources(string Context, string Dockerfile)
{
    /// <summary>Resolves the settings' paths: the context defaults to the working directory, the Dockerfile to <c>Dockerfile</c> in the context.</summary>
    /// <param name="context">The context directory from the settings, or <see langword="null"/>.</param>
    /// <param name="dockerfile">The Dockerfile from the settings, or <see langword="null"/>.</param>
    /// <param name="workingDirectory">The absolute directory relative paths resolve against.</param>
    public static BuildSources Resolve(DirectoryPath? context, FilePath? dockerfile, string workingDirectory)
    {
        var root = new DirectoryPath(workingDirectory);
        var contextPath = (context ?? root).MakeAbsolute(root).FullPath;
        var dockerfilePath = (dockerfile?.MakeAbsolute(root) ?? new DirectoryPath(contextPath).CombineWithFilePath("Dockerfile")).FullPath;
        return new BuildSources(contextPath, dockerfilePath);
    }

    /// <summary>What is wrong with the sources (the context a file or missing, the Dockerfile missing), each with its fix.</summary>
    public IEnumerable<(string Check, string Problem, string Fix)> Problems()
    {
        if (File.Exists(Context))
        {
            yield return ("Context", $"The build context {Context} is a file; it must be a directory.", "Set Context to the directory that holds the Dockerfile's sources.");
        }
        else if (!Directory.Exists(Context))
        {
            yield return ("Context", $"The build context {Context} does not exist.", "Set Context to the directory that holds the Dockerfile's sources.");
        }

        if (!File.Exists(Dockerfile))
        {
            yield return ("Dockerfile", $"The Dockerfile {Dockerfile} does not exist.", $"Set Dockerfile to its path, or put a Dockerfile in {Context}.");
        }
    }

    /// <summary>Throws a <see cref="MultiArchException"/> naming the first problem and its fix.</summary>
    public void ThrowIfInvalid()
    {
        foreach (var (_, problem, fix) in Problems())
        {
            throw new MultiArchException($"{problem} {fix}");
        }
    }
}

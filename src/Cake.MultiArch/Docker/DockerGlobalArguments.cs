using Cake.Core.IO;

namespace Cake.MultiArch.Docker;

/// <summary>The options that go before docker's verb: which context and which client configuration.</summary>
internal static class DockerGlobalArguments
{
    /// <summary>The global option tokens for the settings, such as <c>--context remote</c>.</summary>
    /// <param name="settings">The tool settings.</param>
    /// <param name="workingDirectory">The absolute directory relative paths resolve against.</param>
    public static IReadOnlyList<string> For(MultiArchToolSettings settings, string workingDirectory)
    {
        var tokens = new List<string>();
        if (!string.IsNullOrWhiteSpace(settings.ConfigDirectory?.FullPath))
        {
            tokens.Add("--config");
            tokens.Add(settings.ConfigDirectory.MakeAbsolute(new DirectoryPath(workingDirectory)).FullPath);
        }

        if (!string.IsNullOrWhiteSpace(settings.DockerContext))
        {
            tokens.Add("--context");
            tokens.Add(settings.DockerContext);
        }

        return tokens;
    }
}

namespace Cake.MultiArch.Tests.Reliability;

/// <summary>
/// A shell script given as <c>ToolPath</c> in place of docker: it may wait before some commands, then execs the real
/// docker with the same arguments, so timing-sensitive tests get a window they can rely on.
/// </summary>
public static class DockerWrapper
{
    /// <summary>Writes an executable script to <paramref name="path"/> that runs <paramref name="before"/>, then <c>exec docker "$@"</c>.</summary>
    /// <param name="path">Where to write it.</param>
    /// <param name="before">Shell lines run first, such as <c>sleep 1</c>.</param>
    public static string Write(string path, string before)
    {
        File.WriteAllText(path, $"#!/bin/sh\n{before}\nexec docker \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, (UnixFileMode)0b111_101_101);
        }

        return path;
    }
}

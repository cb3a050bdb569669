namespace Cake.MultiArch.Tests.Example.Templates;

/// <summary>The machine setup commands of the templates, which this machine has done already (its .NET, QEMU, Cake and the packed add-in).</summary>
internal static class Setup
{
    /// <summary>Whether a script is machine setup: installing packages, restoring Cake, or packing the add-in.</summary>
    /// <param name="script">The script's text.</param>
    public static bool IsSetup(string script)
    {
        var lines = script.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length > 0 && lines.All(l =>
            l.StartsWith("sudo apt-get ", StringComparison.Ordinal)
            || l == "dotnet tool restore"
            || l.StartsWith("dotnet pack src/Cake.MultiArch ", StringComparison.Ordinal));
    }
}

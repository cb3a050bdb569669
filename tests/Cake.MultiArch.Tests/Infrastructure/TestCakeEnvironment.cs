using Cake.Core;
using Cake.Core.IO;

namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>
/// Cake's real environment, except that the working directory and environment variables are the test's own:
/// <see cref="CakeEnvironment"/> sets the process's current directory when its working directory is set, which
/// would leak between tests (and break the test host once the directory is deleted).
/// </summary>
public sealed class TestCakeEnvironment : ICakeEnvironment
{
    private readonly CakeEnvironment _inner = new(new CakePlatform(), new CakeRuntime());

    /// <summary>Creates an environment working in <paramref name="workingDirectory"/> (the current directory by default).</summary>
    /// <param name="workingDirectory">The working directory relative paths resolve against.</param>
    public TestCakeEnvironment(string? workingDirectory = null)
    {
        WorkingDirectory = new DirectoryPath(workingDirectory ?? Directory.GetCurrentDirectory());
    }

    /// <summary>Overrides of process environment variables seen through this environment; a <see langword="null"/> value hides one.</summary>
    public IDictionary<string, string?> Variables { get; } = new Dictionary<string, string?>(StringComparer.Ordinal);

    /// <summary>The working directory; setting it does not change the process's current directory.</summary>
    public DirectoryPath WorkingDirectory { get; set; }

    /// <inheritdoc/>
    public DirectoryPath UserHomeDirectory => _inner.UserHomeDirectory;

    /// <inheritdoc/>
    public DirectoryPath ApplicationRoot => _inner.ApplicationRoot;

    /// <inheritdoc/>
    public ICakePlatform Platform => _inner.Platform;

    /// <inheritdoc/>
    public ICakeRuntime Runtime => _inner.Runtime;

    /// <inheritdoc/>
    public DirectoryPath GetSpecialPath(SpecialPath path) => _inner.GetSpecialPath(path);

    /// <summary>The variable from <see cref="Variables"/> when overridden there, else from the process.</summary>
    /// <param name="variable">The variable's name.</param>
    public string? GetEnvironmentVariable(string variable) =>
        Variables.TryGetValue(variable, out var value) ? value : _inner.GetEnvironmentVariable(variable);

    /// <summary>The process's variables with <see cref="Variables"/> applied.</summary>
    public IDictionary<string, string> GetEnvironmentVariables()
    {
        var variables = new Dictionary<string, string>(_inner.GetEnvironmentVariables(), StringComparer.Ordinal);
        foreach (var (name, value) in Variables)
        {
            if (value is null)
            {
                variables.Remove(name);
            }
            else
            {
                variables[name] = value;
            }
        }

        return variables;
    }
}

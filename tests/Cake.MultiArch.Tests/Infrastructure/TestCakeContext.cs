using Cake.Core;
using Cake.Core.Configuration;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.Core.Tooling;

namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>
/// An <see cref="ICakeContext"/> for calling aliases from tests: Cake's real file system, globber, process runner and
/// tool locator, its environment with a per-test working directory (<see cref="TestCakeEnvironment"/>), and a
/// <see cref="CapturingLog"/> at diagnostic verbosity.
/// </summary>
public sealed class TestCakeContext : ICakeContext
{
    /// <summary>Creates a context working in <paramref name="workingDirectory"/> (the current directory by default).</summary>
    /// <param name="workingDirectory">Cake's working directory, against which relative paths resolve.</param>
    /// <param name="arguments">Script arguments (<c>--name=value</c>), as <c>Argument("name")</c> would see them.</param>
    public TestCakeContext(string? workingDirectory = null, IDictionary<string, string>? arguments = null)
    {
        Log = new CapturingLog();
        FileSystem = new FileSystem();
        Environment = new TestCakeEnvironment(workingDirectory);

        Globber = new Globber(FileSystem, Environment);
        Configuration = new CakeConfiguration(new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
        Arguments = new CakeArguments((arguments ?? new Dictionary<string, string>())
            .ToLookup(p => p.Key, p => p.Value, StringComparer.OrdinalIgnoreCase));
        var repository = new ToolRepository(Environment);
        Tools = new ToolLocator(Environment, repository, new ToolResolutionStrategy(FileSystem, Environment, Globber, Configuration, Log));
        ProcessRunner = new ProcessRunner(FileSystem, Environment, Log, Tools, Configuration);
        Data = new CakeDataService();
        ToolInstaller = new ToolInstaller(Environment, Tools, Configuration, Log, []);
    }

    /// <summary>The log every alias writes to; read it in assertions.</summary>
    public CapturingLog Log { get; }

    /// <summary>
    /// A context that sees no CI's variable (<c>GITHUB_ACTIONS</c>, <c>TF_BUILD</c>, <c>TRAVIS</c>) but the ones given,
    /// whatever CI runs the tests.
    /// </summary>
    /// <param name="set">The CI variables to set, such as <c>("GITHUB_ACTIONS", "true")</c>.</param>
    public static TestCakeContext OnCi(params (string Name, string Value)[] set)
    {
        var context = new TestCakeContext();
        foreach (var name in new[] { "GITHUB_ACTIONS", "TF_BUILD", "TRAVIS" })
        {
            context.Environment.Variables[name] = null;
        }

        foreach (var (name, value) in set)
        {
            context.Environment.Variables[name] = value;
        }

        return context;
    }

    /// <inheritdoc/>
    public IFileSystem FileSystem { get; }

    /// <summary>Cake's environment with the test's own working directory and variable overrides.</summary>
    public TestCakeEnvironment Environment { get; }

    /// <inheritdoc/>
    public IGlobber Globber { get; }

    /// <inheritdoc/>
    public ICakeArguments Arguments { get; }

    /// <inheritdoc/>
    public IProcessRunner ProcessRunner { get; }

    /// <summary>Not available: the Windows registry means nothing to a Linux add-in.</summary>
    public IRegistry Registry => throw new NotSupportedException("TestCakeContext has no Windows registry; Cake.MultiArch must not need one.");

    /// <inheritdoc/>
    public IToolLocator Tools { get; }

    /// <inheritdoc/>
    public ICakeDataResolver Data { get; }

    /// <inheritdoc/>
    public ICakeConfiguration Configuration { get; }

    /// <inheritdoc/>
    public IToolInstaller ToolInstaller { get; }

    /// <summary>Not available: tests construct what they need instead of resolving services.</summary>
    public IServiceProvider ServiceProvider => throw new NotSupportedException("TestCakeContext has no service provider; construct the service in the test.");

    /// <inheritdoc/>
    ICakeLog ICakeContext.Log => Log;

    /// <inheritdoc/>
    ICakeEnvironment ICakeContext.Environment => Environment;
}

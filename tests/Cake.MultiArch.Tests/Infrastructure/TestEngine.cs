namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>
/// Points this test process, and every docker and <c>dotnet cake</c> it starts, at one <see cref="Engine"/>: it sets
/// <c>DOCKER_HOST</c> and <c>DOCKER_CONFIG</c> for the process while a fixture runs and restores them after. The tests
/// run one fixture at a time, so a process-wide setting is the engine every docker call of that fixture sees, the
/// add-in's included, exactly as a user's shell would set it.
/// </summary>
public sealed class TestEngine : IDisposable
{
    /// <summary>The modern engine's socket, as <c>.ci/prepare-host</c> starts it.</summary>
    public const string ModernHost = "unix:///run/cake-multiarch/modern/docker.sock";

    private static readonly string[] Variables = ["DOCKER_HOST", "DOCKER_CONFIG"];

    private readonly Dictionary<string, string?> _saved;
    private readonly DirectoryInfo? _config;

    private TestEngine(Engine engine)
    {
        Kind = engine;
        _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);
        if (engine == Engine.Modern)
        {
            // A config folder of the fixture's own: logins stay apart, and the buildx plugin is in reach.
            _config = Directory.CreateTempSubdirectory("cake-multiarch-modern-config-");
            LinkBuildxPlugin(_config.FullName);
            Environment.SetEnvironmentVariable("DOCKER_HOST", ModernHost);
            Environment.SetEnvironmentVariable("DOCKER_CONFIG", _config.FullName);
        }
        else
        {
            Environment.SetEnvironmentVariable("DOCKER_HOST", null);
            Environment.SetEnvironmentVariable("DOCKER_CONFIG", null);
        }
    }

    /// <summary>Which engine this is.</summary>
    public Engine Kind { get; }

    /// <summary>The daemon's address as <c>DOCKER_HOST</c> takes it; <see langword="null"/> for docker's default socket.</summary>
    public string? Host => Kind == Engine.Modern ? ModernHost : null;

    /// <summary>Whether the engine builds with BuildKit (and so pushes an index with attestations per image).</summary>
    public bool BuildKit => Kind == Engine.Modern;

    /// <summary>The buildx plugin <c>.ci/prepare-host</c> unpacked from Debian 13's docker-buildx.</summary>
    public static string BuildxPlugin => Path.Combine(BusyboxBases.CacheDirectory, "engine26", "x", "usr", "libexec", "docker", "cli-plugins", "docker-buildx");

    /// <summary>Selects the engine for this process until disposed.</summary>
    /// <param name="engine">The engine.</param>
    public static TestEngine Use(Engine engine) => new(engine);

    /// <summary>Puts the buildx plugin into a docker config folder (as <c>~/.docker/cli-plugins</c> holds it for a user).</summary>
    /// <param name="configDirectory">The folder that <c>DOCKER_CONFIG</c> names.</param>
    public static void LinkBuildxPlugin(string configDirectory)
    {
        var plugins = Directory.CreateDirectory(Path.Combine(configDirectory, "cli-plugins"));
        var link = Path.Combine(plugins.FullName, "docker-buildx");
        if (!File.Exists(link))
        {
            File.CreateSymbolicLink(link, BuildxPlugin);
        }
    }

    /// <summary>Restores the variables this process had before.</summary>
    public void Dispose()
    {
        foreach (var (name, value) in _saved)
        {
            Environment.SetEnvironmentVariable(name, value);
        }

        _config?.Delete(recursive: true);
    }

    /// <inheritdoc/>
    public override string ToString() => Kind.ToString();
}

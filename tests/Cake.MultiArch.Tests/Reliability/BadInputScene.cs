using System.Net;
using System.Net.Sockets;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Pipeline;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Reliability;

/// <summary>
/// What a bad-input row runs against: a Cake context in a folder holding a working Dockerfile, the fixture's plain and
/// authenticated registries, a repository of the row's own, and a valid baseline of settings that each row spoils in one way.
/// </summary>
public sealed class BadInputScene : IDisposable
{
    /// <summary>The tag every row publishes (or fails to).</summary>
    public const string Tag = "1.0";

    /// <summary>A retry policy quick enough for a table of rows: two attempts, 50 ms apart.</summary>
    public static readonly RetryPolicy QuickRetry = new() { Attempts = 2, InitialDelay = TimeSpan.FromMilliseconds(50), MaxDelay = TimeSpan.FromMilliseconds(100) };

    private readonly List<IDisposable> _owned = [];

    /// <summary>Creates the scene of one row.</summary>
    /// <param name="app">A folder holding a Dockerfile that builds from <c>ARG BASE</c>.</param>
    /// <param name="registry">The fixture's plain, anonymous registry.</param>
    /// <param name="secureRegistry">The fixture's registry with TLS and htpasswd.</param>
    /// <param name="repository">The row's own repository, such as <c>bad/upper-case-image</c>.</param>
    public BadInputScene(string app, TestRegistry registry, TestRegistry secureRegistry, string repository)
    {
        App = app;
        Registry = registry;
        SecureRegistry = secureRegistry;
        Repository = repository;
        Scratch = Directory.CreateTempSubdirectory("reliability-bad-").FullName;
        Context = new TestCakeContext(app);
    }

    /// <summary>The Cake context the row calls aliases on; its log records every line.</summary>
    public TestCakeContext Context { get; }

    /// <summary>The folder with the valid Dockerfile.</summary>
    public string App { get; }

    /// <summary>A temporary folder of the row's own.</summary>
    public string Scratch { get; }

    /// <summary>The plain registry.</summary>
    public TestRegistry Registry { get; }

    /// <summary>The registry with TLS and a password.</summary>
    public TestRegistry SecureRegistry { get; }

    /// <summary>The row's repository, inside <see cref="Registry"/>.</summary>
    public string Repository { get; }

    /// <summary>The row's image: <c>127.0.0.1:PORT/bad/ROW</c>.</summary>
    public string Image => $"{Registry.Host}/{Repository}";

    /// <summary>Settings that would publish arm32v7 (or the given archs) successfully: each row breaks one thing.</summary>
    /// <param name="archs">The architectures; arm32v7 when none are given.</param>
    public MultiArchBuildSettings ValidBuild(params string[] archs)
    {
        var settings = new MultiArchBuildSettings
        {
            Image = Image,
            Tag = Tag,
            BaseImage = BusyboxBases.Repository + ":{arch}",
            QemuBaseTagPattern = "local/reliability-bad-{arch}",
            Retry = QuickRetry,
        };
        settings.Architectures = (archs.Length == 0 ? ["arm32v7"] : archs).Select(a => (CpuArchitecture)a).ToList();
        return settings;
    }

    /// <summary>A loopback address where nothing listens.</summary>
    public static string ClosedAddress() => LoopbackPort.FreeAddress();

    /// <summary>Keeps a resource until the row ends.</summary>
    /// <typeparam name="T">The resource's type.</typeparam>
    /// <param name="resource">The resource.</param>
    public T Own<T>(T resource)
        where T : IDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    /// <summary>Deletes the row's folder and resources.</summary>
    public void Dispose()
    {
        foreach (var resource in _owned)
        {
            resource.Dispose();
        }

        Directory.Delete(Scratch, recursive: true);
    }
}

using System.ComponentModel;
using NUnit.Framework;

namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>
/// The Docker daemon the integration tests talk to. A daemon that does not answer fails the tests with the fix;
/// it never skips them, because a skipped integration suite reads as a green one.
/// </summary>
public static class DockerDaemon
{
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static readonly Dictionary<string, string> Versions = [];

    /// <summary>The version of the daemon <c>DOCKER_HOST</c> names now, once <see cref="EnsureAnsweringAsync"/> has succeeded for it.</summary>
    public static string? ServerVersion => Versions.GetValueOrDefault(CurrentHost);

    private static string CurrentHost => Environment.GetEnvironmentVariable("DOCKER_HOST") ?? "";

    /// <summary>
    /// Fails the current test (or fixture) unless <c>docker info</c> answers from the daemon <c>DOCKER_HOST</c> names now;
    /// checks once per daemon and test run.
    /// </summary>
    public static async Task EnsureAnsweringAsync()
    {
        await Gate.WaitAsync().ConfigureAwait(false);
        try
        {
            if (ServerVersion is not null)
            {
                return;
            }

            HostCommandResult result;
            try
            {
                result = await HostCommand.RunAsync("docker", ["info", "--format", "{{.ServerVersion}}"], timeout: TimeSpan.FromSeconds(30))
                    .ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is Win32Exception or TimeoutException or InvalidOperationException)
            {
                Assert.Fail(NotAnswering(exception.Message));
                return;
            }

            if (!result.Succeeded || string.IsNullOrWhiteSpace(result.StandardOutput))
            {
                Assert.Fail(NotAnswering(result.Describe()));
            }

            Versions[CurrentHost] = result.StandardOutput.Trim();
        }
        finally
        {
            Gate.Release();
        }
    }

    private static string NotAnswering(string detail) =>
        "The Docker daemon does not answer, and the integration tests need one (they are never skipped). " +
        "Prepare the host as root with `.ci/prepare-host` (it installs docker.io and starts dockerd 20.10 and the modern dockerd 26), " +
        "then run the tests again. DOCKER_HOST: " + (CurrentHost.Length == 0 ? "(docker's default)" : CurrentHost) + "." +
        Environment.NewLine + detail;
}

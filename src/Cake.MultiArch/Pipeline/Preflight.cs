using Cake.MultiArch.Images;
using Cake.Core.Diagnostics;
using Cake.Core.IO;
using Cake.MultiArch.Building;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Qemu;

namespace Cake.MultiArch.Pipeline;

/// <summary>
/// Checks a pipeline's inputs and environment before any build starts, and reports every problem at once:
/// settings, image references, Dockerfile and context, docker and its daemons, and QEMU handlers.
/// </summary>
/// <param name="runners">The runner for each architecture's daemon; <see langword="null"/> asks for the default daemon's.</param>
/// <param name="log">Cake's log.</param>
/// <param name="workingDirectory">The absolute directory relative paths resolve against.</param>
internal sealed class Preflight(Func<CpuArchitecture?, IDockerRunner> runners, ICakeLog log, string workingDirectory)
{
    /// <summary>Runs every check; returns the problems found (none when all is well).</summary>
    /// <param name="settings">The pipeline's settings.</param>
    /// <param name="environment">Also check the sources, the daemons and QEMU, not only the settings.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    public async Task<IReadOnlyList<PreflightProblem>> CheckAsync(MultiArchBuildSettings settings, bool environment = true, CancellationToken cancellationToken = default)
    {
        var problems = new List<PreflightProblem>();
        problems.AddRange(settings.Problems());
        if (environment)
        {
            CheckSources(settings, problems);

            // The daemons and the registry are asked at the same time; their problems are listed in this order.
            var daemonProblems = new List<PreflightProblem>();
            var registryProblems = new List<PreflightProblem>();
            await Task.WhenAll(
                CheckDaemonsAndQemuAsync(settings, daemonProblems, cancellationToken),
                settings.Push ? CheckRegistryAsync(settings, registryProblems, cancellationToken) : Task.CompletedTask).ConfigureAwait(false);
            problems.AddRange(daemonProblems);
            problems.AddRange(registryProblems);
        }

        foreach (var problem in problems)
        {
            log.Verbose("Preflight: {0}", problem);
        }

        return problems;
    }

    /// <summary>Throws one exception that lists every problem, when there are any.</summary>
    /// <param name="what">What cannot start, such as <c>MultiArchBuild</c>.</param>
    /// <param name="problems">The problems.</param>
    public static void ThrowIfAny(string what, IReadOnlyList<PreflightProblem> problems)
    {
        if (problems.Count > 0)
        {
            throw new MultiArchException(
                $"{what} cannot start: {problems.Count} problem{(problems.Count == 1 ? "" : "s")} found before anything was built or pushed." +
                string.Concat(problems.Select(p => Environment.NewLine + "  - " + p)));
        }
    }

    private void CheckSources(MultiArchBuildSettings settings, List<PreflightProblem> problems) =>
        problems.AddRange(BuildSources.Resolve(settings.Context, settings.Dockerfile, workingDirectory).Problems().Select(p => new PreflightProblem(p.Check, p.Problem, p.Fix)));

    private async Task CheckDaemonsAndQemuAsync(MultiArchBuildSettings settings, List<PreflightProblem> problems, CancellationToken cancellationToken)
    {
        var byRunner = settings.Architectures.Distinct().GroupBy(a => runners(a)).Select(g => (Runner: g.Key, Archs: g.ToArray())).ToList();
        if (byRunner.Count == 0)
        {
            byRunner.Add((runners(null), []));
        }

        var binfmt = new BinfmtMisc(settings.BinfmtMiscDirectory?.FullPath ?? BinfmtMisc.DefaultDirectory);
        foreach (var (runner, group) in byRunner)
        {
            var archs = string.Join(", ", group.Select(a => a.Name));
            DaemonProbe probe;
            try
            {
                probe = await DaemonPlatform.ProbeAsync(runner, cancellationToken).ConfigureAwait(false);
            }
            catch (MultiArchException exception)
            {
                problems.Add(new("Docker", exception.Message, "Install Docker, or set ToolPath."));
                continue;
            }

            if (!probe.Answered)
            {
                var version = probe.Failure!;
                var builder = settings.Builders.FirstOrDefault(b => group.Contains(b.Key)).Value;
                problems.Add(new(
                    "Daemon",
                    $"The Docker daemon{(builder is null ? "" : $" at {builder}")} for {archs} does not answer: {version.StandardError.LastOrDefault(l => !string.IsNullOrWhiteSpace(l)) ?? $"exit code {version.ExitCode}"}",
                    DockerFailure.HintFor(version.StandardError) ?? "Start the daemon, or correct DockerHost/DockerContext."));
                continue;
            }

            if (settings.RegistryCache is not null && !probe.BuildsWithBuildKit)
            {
                var (problem, fix) = ArchImageBuilder.LegacyBuilderCannotCache;
                problems.Add(new("RegistryCache", $"{problem} It builds {archs}.", fix));
            }

            if (settings.RegisterQemu)
            {
                continue;
            }

            // An arch the daemon's host runs natively needs no handler; any other needs one, or a runner of its own.
            var host = new BuildHost(probe.Architecture);
            foreach (var architecture in group.Where(a => !host.RunsNatively(a)))
            {
                var handler = binfmt.FindFor(architecture);
                if (handler is not { Enabled: true })
                {
                    problems.Add(new("QEMU", host.NoRunner(architecture, BuildHost.WhyNoHandler(architecture, handler, binfmt)), BuildHost.NoRunnerFix(architecture)));
                }
            }
        }
    }

    /// <summary>
    /// The registry answers <c>GET /v2/</c>, and accepts the credentials docker has for it (or needs none); so does the
    /// registry cache's registry when it is another one (BuildKit reaches it with the same credentials).
    /// </summary>
    private async Task CheckRegistryAsync(MultiArchBuildSettings settings, List<PreflightProblem> problems, CancellationToken cancellationToken)
    {
        if (!Images.ImageReference.TryParse($"{settings.Image}:{settings.Tag}", out var reference))
        {
            return; // The settings checks have named the bad reference already.
        }

        await CheckRegistryAsync(reference, settings, problems, cancellationToken).ConfigureAwait(false);
        if (settings.RegistryCache is { } cache && settings.Architectures.FirstOrDefault() is { } first &&
            Images.ImageReference.TryParse(cache.ReferenceOf(first), out var cacheReference) && cacheReference.Registry != reference.Registry)
        {
            await CheckRegistryAsync(cacheReference, settings, problems, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task CheckRegistryAsync(ImageReference reference, MultiArchBuildSettings settings, List<PreflightProblem> problems, CancellationToken cancellationToken)
    {
        try
        {
            // Connecting checks that the registry answers GET /v2/ with the credentials docker has for it.
            using var client = await Registry.RegistryAccess.ConnectAsync(reference, settings, workingDirectory, log, cancellationToken).ConfigureAwait(false);
        }
        catch (MultiArchException exception)
        {
            var message = exception.Message;
            if (exception.RegistryProblem == RegistryProblem.AuthenticationRequired)
            {
                problems.Add(new("Credentials", $"The registry {reference.Registry} demands credentials and docker has none stored for it.",
                    $"Log in first: MultiArchLogin with Server = \"{reference.Registry}\" (password from a secret variable), or `docker login {reference.Registry}`."));
            }
            else if (exception.RegistryProblem == RegistryProblem.CredentialsRefused)
            {
                problems.Add(new("Credentials", $"The registry {reference.Registry} refused the stored credentials.",
                    "Check the user name and password or token, and log in again with MultiArchLogin."));
            }
            else
            {
                problems.Add(new("Registry", $"The registry {reference.Registry} does not answer GET /v2/: {message.Split('\n')[0]}",
                    "Start the registry, or correct the registry host and port in Image (Insecure = true for a plain HTTP registry elsewhere than on loopback)."));
            }
        }
    }
}

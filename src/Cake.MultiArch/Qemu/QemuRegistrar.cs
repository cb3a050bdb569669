using Cake.Core.Diagnostics;
using Cake.MultiArch.Docker;

namespace Cake.MultiArch.Qemu;

/// <summary>Registers QEMU as the binfmt_misc handler of foreign architectures, doing only what is missing.</summary>
/// <param name="runner">Runs docker.</param>
/// <param name="log">Cake's log.</param>
internal sealed class QemuRegistrar(IDockerRunner runner, ICakeLog log)
{
    /// <summary>Reads what is registered, registers what is missing, and reports per architecture.</summary>
    /// <param name="settings">The settings.</param>
    /// <param name="cancellationToken">Cancels the registration.</param>
    public async Task<IReadOnlyList<QemuRegistration>> RegisterAsync(RegisterQemuSettings settings, CancellationToken cancellationToken = default)
    {
        var architectures = settings.Architectures.Distinct().ToArray();
        if (architectures.Length == 0)
        {
            throw new MultiArchException("RegisterQemu was given no architectures. Set Architectures, for example { \"arm32v7\", \"arm64v8\" }.");
        }

        var binfmt = new BinfmtMisc(settings.BinfmtMiscDirectory?.FullPath ?? BinfmtMisc.DefaultDirectory);
        var host = new BuildHost(await DaemonPlatform.ArchitectureAsync(runner, cancellationToken).ConfigureAwait(false));
        var foreign = architectures.Where(a => !host.RunsNatively(a)).ToArray();
        var missing = foreign.Where(a => binfmt.FindFor(a) is not { Enabled: true }).ToArray();
        var toRegister = settings.Reset ? foreign : missing;
        var actions = new Dictionary<CpuArchitecture, QemuAction>();

        if (toRegister.Length > 0)
        {
            var method = ChooseMethod(settings, toRegister);
            log.Information("Registering QEMU for {0} ({1}).", string.Join(", ", toRegister.Select(a => a.Name)), method.ToString().ToLowerInvariant());
            if (method == QemuRegistrationMethod.Host)
            {
                RegisterOnHost(settings, binfmt, toRegister, actions);
            }
            else
            {
                await RegisterThroughContainerAsync(settings, toRegister, cancellationToken).ConfigureAwait(false);
                foreach (var architecture in toRegister)
                {
                    actions[architecture] = settings.Reset ? QemuAction.ReRegistered : QemuAction.Registered;
                }
            }
        }

        var report = architectures.Select(a => host.RunsNatively(a)
                ? new QemuRegistration(a, true, null, QemuAction.Native)
                : new QemuRegistration(a, false, binfmt.FindFor(a), actions.GetValueOrDefault(a, QemuAction.AlreadyRegistered)))
            .ToArray();
        foreach (var registration in report)
        {
            log.Information("QEMU {0}", registration);
        }

        var unusable = report.Where(r => !r.CanRunForeignBinaries).ToArray();
        if (unusable.Length > 0 && binfmt.IsMounted)
        {
            // An arch with no runner: neither this host's CPU nor a handler runs it, so its job belongs elsewhere.
            throw new MultiArchException(string.Join(
                Environment.NewLine,
                unusable.Select(r => host.NoRunner(r.Architecture, BuildHost.WhyNoHandler(r.Architecture, r.Handler, binfmt)) + " Fix: " + BuildHost.NoRunnerFix(r.Architecture, registered: true) +
                    (r.Handler is null ? "" : " To replace the handler that is there, run RegisterQemu with Reset = true."))));
        }

        return report;
    }

    private QemuRegistrationMethod ChooseMethod(RegisterQemuSettings settings, IReadOnlyList<CpuArchitecture> architectures)
    {
        if (settings.RegistrationMethod != QemuRegistrationMethod.Auto)
        {
            return settings.RegistrationMethod;
        }

        var canWriteHost = OperatingSystem.IsLinux() && Environment.UserName == "root"
            && string.IsNullOrWhiteSpace(settings.DockerHost) && string.IsNullOrWhiteSpace(settings.DockerContext)
            && architectures.All(a => FindEmulator(settings, a) is not null);
        return canWriteHost ? QemuRegistrationMethod.Host : QemuRegistrationMethod.Container;
    }

    private void RegisterOnHost(RegisterQemuSettings settings, BinfmtMisc binfmt, IReadOnlyList<CpuArchitecture> architectures, Dictionary<CpuArchitecture, QemuAction> actions)
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new MultiArchException("QemuRegistrationMethod.Host works on Linux only. Use QemuRegistrationMethod.Container on this system.");
        }

        if (!binfmt.IsMounted)
        {
            throw new MultiArchException(
                $"binfmt_misc is not mounted at {binfmt.Directory}. Mount it as root: `mount -t binfmt_misc binfmt_misc {binfmt.Directory}`, " +
                "then run RegisterQemu again.");
        }

        // arm32v6 and arm32v7 share qemu-arm: one handler per QEMU target.
        foreach (var target in architectures.GroupBy(a => a.QemuName))
        {
            var architecture = target.First();
            var emulator = FindEmulator(settings, architecture) ?? throw new MultiArchException(
                $"No {architecture.QemuStaticBinary} was found at {string.Join(" or ", QemuEmulators.Candidates(settings.QemuDirectory, architecture))}, so QEMU cannot be registered for " +
                $"{string.Join(", ", target.Select(a => a.Name))}. Install it (Debian: apt-get install qemu-user-static) or set QemuDirectory to where it is, " +
                $"or run the {string.Join(" and ", target.Select(a => a.Name))} job on a runner of that architecture.");
            var handlerName = $"qemu-{architecture.QemuName}";
            var existing = binfmt.ReadAll().Where(h => h.Name == handlerName || h.Magic == BinfmtSignatures.For(architecture.QemuName).Magic).ToArray();
            foreach (var handler in existing)
            {
                log.Verbose("Removing binfmt_misc handler {0} ({1}).", handler.Name, handler.Interpreter);
                binfmt.Remove(handler.Name);
            }

            var line = BinfmtSignatures.RegistrationLine(handlerName, architecture.QemuName, emulator, settings.HandlerFlags);
            log.Verbose("Registering binfmt_misc handler: {0}", line);
            binfmt.Register(line);
            foreach (var registered in target)
            {
                actions[registered] = existing.Length > 0 ? QemuAction.ReRegistered : QemuAction.Registered;
            }
        }
    }

    private async Task RegisterThroughContainerAsync(RegisterQemuSettings settings, IReadOnlyList<CpuArchitecture> architectures, CancellationToken cancellationToken)
    {
        var arguments = QemuCommands.RegisterQemuContainer(settings.ContainerImage, settings.ContainerArguments, architectures);
        await runner.RunAsync(new DockerCommand(arguments) { OutputVerbosity = Verbosity.Normal }, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The host's static emulator for an architecture, or <see langword="null"/>.</summary>
    internal static string? FindEmulator(RegisterQemuSettings settings, CpuArchitecture architecture) =>
        QemuEmulators.Candidates(settings.QemuDirectory, architecture).FirstOrDefault(File.Exists);
}

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
        var native = await DaemonPlatform.ArchitectureAsync(runner, cancellationToken).ConfigureAwait(false);
        var foreign = architectures.Where(a => !IsNative(a, native)).ToArray();
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

        var report = architectures.Select(a => IsNative(a, native)
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
            throw new MultiArchException(
                $"After registration this host still cannot run binaries of {string.Join(", ", unusable.Select(r => r.Architecture.Name))}: " +
                string.Join("; ", unusable.Select(r => r.ToString())) + ". " +
                "Install the static emulators (Debian: apt-get install qemu-user-static binfmt-support) and run RegisterQemu with Reset = true.");
        }

        return report;
    }

    /// <summary>Whether the daemon's CPU runs the architecture's binaries itself.</summary>
    internal static bool IsNative(CpuArchitecture architecture, CpuArchitecture? daemon) =>
        daemon is not null && (architecture == daemon
            || (daemon == CpuArchitecture.Amd64 && architecture == CpuArchitecture.I386));

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

        foreach (var architecture in architectures)
        {
            var emulator = FindEmulator(settings, architecture) ?? throw new MultiArchException(
                $"No {architecture.QemuStaticBinary} was found at {string.Join(" or ", QemuEmulators.Candidates(settings.QemuDirectory, architecture))}, so QEMU cannot be registered for " +
                $"{architecture.Name}. Install it (Debian: apt-get install qemu-user-static) or set QemuDirectory to where it is.");
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
            actions[architecture] = existing.Length > 0 ? QemuAction.ReRegistered : QemuAction.Registered;
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

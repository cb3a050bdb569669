using System.Runtime.InteropServices;

namespace Cake.MultiArch.Aliases;

/// <summary>
/// Cancels running aliases when the build is interrupted (Ctrl+C, or a CI cancel that sends SIGTERM), so that the
/// docker processes they started are stopped instead of pushing on after Cake has gone.
/// </summary>
internal static class BuildCancellation
{
    private static readonly CancellationTokenSource Source = new();
    private static readonly List<PosixSignalRegistration> Registrations = [];
    private static int _installed;

    /// <summary>Cancelled once the process is asked to stop.</summary>
    public static CancellationToken Token
    {
        get
        {
            Install();
            return Source.Token;
        }
    }

    private static void Install()
    {
        if (Interlocked.Exchange(ref _installed, 1) == 1)
        {
            return;
        }

        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGQUIT })
        {
            try
            {
                // Cancel our processes, then let the default handling end Cake as it would have.
                Registrations.Add(PosixSignalRegistration.Create(signal, _ => Source.Cancel()));
            }
            catch (PlatformNotSupportedException)
            {
                // SIGQUIT does not exist on Windows; Ctrl+C still does.
            }
        }
    }
}

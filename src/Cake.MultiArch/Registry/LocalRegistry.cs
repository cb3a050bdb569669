namespace Cake.MultiArch;

/// <summary>A registry that answers at a loopback address.</summary>
/// <param name="Address">The <c>host:port</c> it answers at.</param>
/// <param name="Origin">Whether it already answered or what was started.</param>
/// <param name="ProcessId">The started binary's process ID, to stop it with <c>kill</c>; otherwise <see langword="null"/>.</param>
/// <param name="StateDirectory">The started binary's folder (config, storage, log, pid file); otherwise <see langword="null"/>.</param>
public sealed record LocalRegistry(string Address, LocalRegistryOrigin Origin, int? ProcessId, string? StateDirectory)
{
    /// <summary>Whether this call started it.</summary>
    public bool Started => Origin != LocalRegistryOrigin.AlreadyAnswering;
}

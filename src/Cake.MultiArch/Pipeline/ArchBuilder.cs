namespace Cake.MultiArch;

/// <summary>
/// Where one architecture builds: a Docker daemon other than the default, such as an ARM machine that builds its
/// own architecture natively (<c>ssh://pi@raspberrypi</c>). Its image is pushed from there; the list joins them all.
/// </summary>
public sealed class ArchBuilder
{
    /// <summary>The daemon, as <c>DOCKER_HOST</c> takes it: <c>ssh://user@host</c>, <c>tcp://host:2376</c>, <c>unix:///path.sock</c>.</summary>
    public string? DockerHost { get; set; }

    /// <summary>A docker context that names the daemon, instead of <see cref="DockerHost"/>.</summary>
    public string? DockerContext { get; set; }

    /// <summary>A short account, such as <c>ssh://pi@raspberrypi</c>.</summary>
    public override string ToString() => DockerContext is not null ? $"context {DockerContext}" : DockerHost ?? "default daemon";
}

namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>
/// The Docker engines every integration fixture runs against, as a fixture parameter
/// (<c>[TestFixture(Engine.Modern)]</c>, <c>[TestFixture(Engine.Legacy)]</c>). <c>.ci/prepare-host</c> starts both.
/// </summary>
public enum Engine
{
    /// <summary>
    /// dockerd 26 with the containerd image store, BuildKit and the buildx plugin: what users run today. Reached at
    /// <see cref="TestEngine.ModernHost"/> with a client config folder that holds the buildx plugin.
    /// </summary>
    Modern,

    /// <summary>dockerd 20.10 with the legacy builder and no buildx, on docker's default socket.</summary>
    Legacy,
}

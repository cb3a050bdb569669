using System.Text;

namespace Cake.MultiArch.Building;

/// <summary>One step of a BuildKit build, as far as this message reports it.</summary>
/// <param name="Digest">The step's identity across messages.</param>
/// <param name="Name">What the step does, such as <c>[2/4] COPY hello /usr/local/bin/</c>.</param>
/// <param name="Cached">Whether its result came from the cache.</param>
/// <param name="Started">Whether it has started.</param>
/// <param name="Completed">Whether it has ended.</param>
/// <param name="Error">Why it failed; empty when it did not.</param>
internal sealed record BuildKitVertex(string Digest, string Name, bool Cached, bool Started, bool Completed, string Error);

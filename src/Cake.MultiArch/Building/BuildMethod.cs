namespace Cake.MultiArch;

/// <summary>How <c>BuildArchImage</c> (and <c>MultiArchBuild</c>) builds an architecture's image.</summary>
public enum BuildMethod
{
    /// <summary><c>docker build --platform</c>: the classic recipe, with whichever builder the docker CLI uses.</summary>
    DockerCli,

    /// <summary>
    /// BuildKit through the Engine API (<c>POST /build?version=2</c>) over the daemon's local unix socket: no docker
    /// process and no buildx plugin. It skips the legacy builder's container and commit per Dockerfile step, which on
    /// Docker 20.10 without buildx makes four cold builds at once about a quarter faster. Needs a local daemon with
    /// BuildKit (Docker 18.09 and later); bases are pulled without credentials, so a private base must be local first.
    /// <c>ExtraArguments</c> (CLI tokens) are refused.
    /// </summary>
    EngineBuildKit,

    /// <summary>
    /// <see cref="EngineBuildKit"/> where it can be used and gains something: a daemon reached through its local unix
    /// socket whose <c>docker build</c> is the legacy builder (Docker 20.10, Engine API before 1.42), no
    /// <c>ExtraArguments</c>; else <see cref="DockerCli"/>, which on Docker 23 and later builds through BuildKit itself.
    /// </summary>
    Auto,
}

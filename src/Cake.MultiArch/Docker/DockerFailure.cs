using System.Text;
using Cake.MultiArch.Secrets;

namespace Cake.MultiArch.Docker;

/// <summary>Turns a failed docker command into a <see cref="MultiArchException"/> that says what to do about it.</summary>
internal static class DockerFailure
{
    /// <summary>How many lines of standard error an exception carries.</summary>
    public const int TailLines = 15;

    private static readonly (string[] Needles, string Hint)[] KnownCauses =
    [
        (["invalid reference format"],
            "An image name or tag breaks docker's reference grammar. Repository names are lowercase letters, digits and single " +
            "separators (. _ -) between slashes, after an optional registry host[:port]; tags are up to 128 letters, digits, '_', '.' " +
            "and '-', not starting with '.' or '-'."),
        (["Cannot connect to the Docker daemon", "Is the docker daemon running", "error during connect", "docker.sock: connect: no such file"],
            "The Docker daemon is not reachable. Start it (`sudo systemctl start docker`, or `sudo dockerd &`), " +
            "or point DockerHost/DockerContext at a running daemon."),
        (["unable to apply caps", "operation not permitted: unknown"],
            "The daemon could not start a privileged container: it runs rootless, nested in another container, or under a runtime " +
            "that withholds capabilities. Register QEMU on the host instead (RegisterQemu with RegistrationMethod = QemuRegistrationMethod.Host, as root), " +
            "or run the build where privileged containers are allowed."),
        (["exec format error"],
            "The image holds binaries for another CPU and no QEMU handler ran them. Register QEMU first " +
            "(RegisterQemu), or install qemu-user-static and binfmt-support on the build host."),
        (["server gave HTTP response to HTTPS client", "http: server gave HTTP response"],
            "The registry speaks plain HTTP but was addressed over HTTPS. Set Insecure = true in the settings and list the " +
            "registry under \"insecure-registries\" in the daemon's /etc/docker/daemon.json (127.0.0.0/8 is insecure by default)."),
        (["unauthorized", "authentication required", "no basic auth credentials", "denied: requested access", "incorrect username or password"],
            "The registry refused the credentials or wants some. Log in first with MultiArchLogin (password on standard input), " +
            "or check the user name and password."),
        (["is a manifest list"],
            "An image named by the command is itself a manifest list or OCI index: BuildKit (Docker 23 and later) pushes every image " +
            "with its provenance attestation as an index. PushManifest and MultiArchBuild resolve it to the platform's image by " +
            "themselves (ManifestMethod = ManifestMethod.Auto or Registry also keep the attestations); by hand, name the platform's image " +
            "manifest by digest (`docker buildx imagetools inspect TAG`), or build with --provenance=false."),
        (["500 Internal Server Error", "502 Bad Gateway", "503 Service Unavailable", "504 Gateway Timeout", "status code 500", "status code 503"],
            "The registry failed on its own side (HTTP 5xx): it is restarting or overloaded, or its storage is damaged. Pushes and the " +
            "list's reads retry this (see Retry in the settings); when it persists, read the registry's log and check its storage and disk space."),
        (["manifest unknown", "no such manifest", "manifest for", "not found: manifest"],
            "An image that the command refers to is not in the registry. Push every per-arch image (PushArchImage) before the manifest list."),
        (["is not a docker command", "docker manifest is only supported"],
            "This docker client has no `manifest` command. Use a docker client of 19.03 or later, or enable experimental CLI features " +
            "(DOCKER_CLI_EXPERIMENTAL=enabled)."),
        (["no such host", "server misbehaving", "Temporary failure in name resolution"],
            "The registry's host name does not resolve. Check the spelling of the registry in the image name."),
        (["connection refused"],
            "Nothing answers at that address. Check that the registry (or daemon) is running and the port is right."),
        (["\": EOF", "unexpected EOF"],
            "The registry closed the connection in the middle of a request: it stopped, restarted or crashed. Check that it is running " +
            "and has disk space; pushes retry this (see Retry in the settings)."),
        (["pull access denied", "repository does not exist"],
            "The base image is neither local nor pullable. Build or pull it first, or correct the base image name."),
        (["An image does not exist locally with the tag"],
            "docker push sends a local image, and this daemon has no image with that tag. Build it first (BuildArchImage) on the " +
            "daemon that pushes, or correct the tag (it is the image name, ':', and the arch tag, such as app:1.0-arm32v7)."),
        (["no space left on device"],
            "The disk is full. Free space with `docker system prune` and retry."),
    ];

    /// <summary>The hint for a failure whose standard error contains a known cause, or <see langword="null"/>.</summary>
    /// <param name="standardError">The lines the command wrote to standard error.</param>
    /// <param name="verb">The docker verb, such as <c>pull</c>, where a cause means something else for it.</param>
    public static string? HintFor(IEnumerable<string> standardError, string? verb = null)
    {
        var text = string.Join('\n', standardError);
        if (verb == "pull" && (text.Contains("manifest unknown", StringComparison.OrdinalIgnoreCase) || text.Contains("not found: manifest", StringComparison.OrdinalIgnoreCase)))
        {
            // Not a list missing its arch images: the image to pull is not in that registry.
            return "The image to pull is not in that registry. Check its name, tag and registry, or build it locally first.";
        }

        foreach (var (needles, hint) in KnownCauses)
        {
            if (needles.Any(n => text.Contains(n, StringComparison.OrdinalIgnoreCase)))
            {
                return hint;
            }
        }

        return null;
    }

    /// <summary>Builds the exception for a command that exited with a non-zero code.</summary>
    /// <param name="result">The finished command, already masked.</param>
    /// <param name="verb">The docker verb, such as <c>push</c>.</param>
    /// <param name="workingDirectory">Where it ran.</param>
    /// <param name="secrets">Secrets of this command beyond the registered ones, masked in the message.</param>
    public static MultiArchException FromResult(DockerResult result, string verb, string workingDirectory, IReadOnlyList<string>? secrets = null)
    {
        var tail = result.StandardError.Where(l => !IsNoise(l)).TakeLast(TailLines).ToArray();
        if (tail.Length == 0)
        {
            // Some failures (docker push's "retrying" lines, build step errors) are reported on standard output.
            tail = result.StandardOutput.TakeLast(TailLines).ToArray();
        }

        // The result holds docker's lines as written; what the exception shows is masked.
        tail = tail.Select(l => SecretMasker.Apply(l, secrets)).ToArray();

        var hint = HintFor(result.StandardError.Concat(result.StandardOutput), verb);
        var message = new StringBuilder()
            .Append("`docker ").Append(verb).Append('`').Append(" failed with exit code ").Append(result.ExitCode).Append('.');
        if (hint is not null)
        {
            message.AppendLine().Append("Fix: ").Append(hint);
        }

        message.AppendLine().Append("Command: ").Append(result.CommandLine);
        message.AppendLine().Append("Working directory: ").Append(workingDirectory);
        if (tail.Length > 0)
        {
            message.AppendLine().Append("Last lines of output:");
            foreach (var line in tail)
            {
                message.AppendLine().Append("    ").Append(line);
            }
        }

        return new MultiArchException(message.ToString(), result.ExitCode, result.CommandLine, tail, hint);
    }

    /// <summary>The docker verb of an argument list, such as <c>manifest push</c>, for the first line of a message.</summary>
    /// <param name="arguments">The command's arguments, after docker's global options.</param>
    public static string VerbOf(IReadOnlyList<string> arguments)
    {
        string[] groups = ["manifest", "buildx", "image", "container", "context", "imagetools", "builder"];
        var verb = new List<string>();
        foreach (var token in arguments)
        {
            if (token.StartsWith('-'))
            {
                break;
            }

            verb.Add(token);
            if (!groups.Contains(token, StringComparer.Ordinal))
            {
                break;
            }
        }

        return string.Join(' ', verb);
    }

    // The legacy builder's deprecation notice is printed on every build and is never the cause.
    private static bool IsNoise(string line) =>
        line.StartsWith("DEPRECATED: The legacy builder", StringComparison.Ordinal) ||
        line.Contains("Install the buildx component", StringComparison.Ordinal) ||
        line.Contains("docs.docker.com/go/buildx", StringComparison.Ordinal) ||
        string.IsNullOrWhiteSpace(line);
}

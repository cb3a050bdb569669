using Cake.MultiArch.Docker;
using NUnit.Framework;

namespace Cake.MultiArch.Tests.Docker;

public sealed class DockerFailureSpecs
{
    [Test]
    public void HintFor_an_index_given_to_docker_manifest_create_names_the_platform_image_and_the_settings()
    {
        var hint = DockerFailure.HintFor(["127.0.0.1:5000/app@sha256:3636b9d6e855537d940bc4c544f2087caecf6df1798d1080285ee8afd3d27f2d is a manifest list"]);

        Assert.That(hint, Does.Contain("BuildKit").And.Contain("platform's image").And.Contain("ManifestMethod.Auto").And.Contain("--provenance=false"));
    }

    [TestCase("error reading manifest 1.0-arm32v7 in 127.0.0.1:5000/app: received unexpected HTTP status: 500 Internal Server Error")]
    [TestCase("failed to push 127.0.0.1:5000/app:1.0-amd64: unexpected status from HEAD request to http://127.0.0.1:5000/v2/app/manifests/1.0-amd64: 503 Service Unavailable")]
    public void HintFor_a_registry_that_fails_on_its_side_says_so_and_not_that_the_image_is_missing(string line)
    {
        var hint = DockerFailure.HintFor([line]);
        Assert.That(hint, Does.Contain("HTTP 5xx").And.Contain("Retry").And.Not.Contain("not in the registry"));
    }

    [TestCase("Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?")]
    [TestCase("error during connect: Get \"http://%2Fvar%2Frun%2Fdocker.sock/v1.24/info\": dial unix /var/run/docker.sock: connect: no such file or directory")]
    public void HintFor_a_daemon_that_is_down_says_to_start_it(string line)
    {
        Assert.That(DockerFailure.HintFor([line]), Does.Contain("daemon is not reachable").And.Contain("dockerd"));
    }

    [TestCase("exec /bin/sh: exec format error")]
    [TestCase("standard_init_linux.go:228: exec user process caused: exec format error")]
    public void HintFor_exec_format_error_says_to_register_qemu(string line)
    {
        Assert.That(DockerFailure.HintFor([line]), Does.Contain("QEMU").And.Contain("qemu-user-static"));
    }

    [Test]
    public void HintFor_an_http_registry_addressed_over_https_says_to_mark_it_insecure()
    {
        var hint = DockerFailure.HintFor(
            ["Get \"https://registry.local:5000/v2/\": http: server gave HTTP response to HTTPS client"]);

        Assert.That(hint, Does.Contain("Insecure = true").And.Contain("insecure-registries"));
    }

    [Test]
    public void HintFor_a_refused_privileged_container_names_the_host_method()
    {
        var hint = DockerFailure.HintFor(["docker: Error response from daemon: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: unable to apply caps: operation not permitted: unknown"]);

        Assert.That(hint, Does.Contain("privileged container").And.Contain("QemuRegistrationMethod.Host"));
    }

    [TestCase("unauthorized: authentication required")]
    [TestCase("Error response from daemon: Get \"https://127.0.0.1:5000/v2/\": no basic auth credentials")]
    [TestCase("denied: requested access to the resource is denied")]
    [TestCase("Error response from daemon: login attempt to https://127.0.0.1:5000/v2/ failed with status: 401 Unauthorized")]
    public void HintFor_a_refused_login_says_to_log_in(string line)
    {
        Assert.That(DockerFailure.HintFor([line]), Does.Contain("MultiArchLogin"));
    }

    [Test]
    public void HintFor_matches_regardless_of_case_and_line()
    {
        // Given the cause on a later line, in other capitals
        var hint = DockerFailure.HintFor(["Step 2/3 : RUN true", " ---> Running in 1234", "EXEC FORMAT ERROR"]);

        Assert.That(hint, Does.Contain("QEMU"));
    }

    [Test]
    public void HintFor_an_unknown_failure_is_null()
    {
        Assert.That(DockerFailure.HintFor(["something nobody has seen before"]), Is.Null);
        Assert.That(DockerFailure.HintFor([]), Is.Null);
    }

    [Test]
    public void FromResult_shows_verb_exit_code_fix_command_directory_and_stderr_tail()
    {
        // Given a failed push
        var result = new DockerResult(
            1,
            ["The push refers to repository [127.0.0.1:5000/app]"],
            ["Get \"https://127.0.0.1:5000/v2/\": http: server gave HTTP response to HTTPS client"],
            TimeSpan.FromSeconds(1),
            "/usr/bin/docker push 127.0.0.1:5000/app:1.0");

        // When it becomes an exception
        var exception = DockerFailure.FromResult(result, "push", "/src");

        // Then the message says what failed, what to do, and what docker said
        Assert.That(exception.Message, Does.StartWith("`docker push` failed with exit code 1."));
        Assert.That(exception.Message, Does.Contain("Fix: The registry speaks plain HTTP"));
        Assert.That(exception.Message, Does.Contain("Command: /usr/bin/docker push 127.0.0.1:5000/app:1.0"));
        Assert.That(exception.Message, Does.Contain("Working directory: /src"));
        Assert.That(exception.Message, Does.Contain("    Get \"https://127.0.0.1:5000/v2/\""));
        Assert.That(exception.ExitCode, Is.EqualTo(1));
        Assert.That(exception.CommandLine, Is.EqualTo("/usr/bin/docker push 127.0.0.1:5000/app:1.0"));
        Assert.That(exception.Hint, Is.Not.Null);
        Assert.That(exception.StandardErrorTail, Has.Count.EqualTo(1));
    }

    [Test]
    public void FromResult_drops_the_legacy_builder_notice_and_keeps_the_last_lines()
    {
        // Given a build whose stderr starts with the deprecation notice and has many lines
        var error = new List<string>
        {
            "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.",
            "            Install the buildx component to build images with BuildKit:",
            "            https://docs.docker.com/go/buildx/",
            "",
        };
        error.AddRange(Enumerable.Range(1, 20).Select(i => $"line {i}"));
        var result = new DockerResult(2, [], error, TimeSpan.Zero, "docker build .");

        // When it becomes an exception
        var exception = DockerFailure.FromResult(result, "build", "/src");

        // Then only the last lines that matter are carried
        Assert.That(exception.StandardErrorTail, Has.Count.EqualTo(DockerFailure.TailLines));
        Assert.That(exception.StandardErrorTail[^1], Is.EqualTo("line 20"));
        Assert.That(exception.Message, Does.Not.Contain("DEPRECATED").And.Not.Contain("buildx"));
    }

    [Test]
    public void FromResult_falls_back_to_standard_output_when_stderr_says_nothing()
    {
        var result = new DockerResult(
            1,
            ["Step 3/3 : RUN false", "The command '/bin/sh -c false' returned a non-zero code: 1"],
            ["DEPRECATED: The legacy builder is deprecated and will be removed in a future release."],
            TimeSpan.Zero,
            "docker build .");

        var exception = DockerFailure.FromResult(result, "build", "/src");

        Assert.That(exception.StandardErrorTail, Has.Some.Contains("returned a non-zero code"));
        Assert.That(exception.Hint, Is.Null);
        Assert.That(exception.Message, Does.Not.Contain("Fix:"));
    }

    [Test]
    public void FromResult_finds_the_hint_on_standard_output_too()
    {
        var result = new DockerResult(1, ["exec /bin/sh: exec format error"], [], TimeSpan.Zero, "docker build .");

        Assert.That(DockerFailure.FromResult(result, "build", "/src").Hint, Does.Contain("QEMU"));
    }

    [TestCase(new[] { "push", "127.0.0.1:5000/app:1.0" }, "push")]
    [TestCase(new[] { "build", "--platform", "linux/arm/v7", "." }, "build")]
    [TestCase(new[] { "manifest", "push", "--purge", "app:1.0" }, "manifest push")]
    [TestCase(new[] { "manifest", "annotate", "--variant", "v7", "app:1.0", "app:1.0-arm32v7" }, "manifest annotate")]
    [TestCase(new[] { "image", "inspect", "app" }, "image inspect")]
    [TestCase(new[] { "--debug" }, "")]
    public void VerbOf_names_the_command_and_its_group(string[] arguments, string verb)
    {
        Assert.That(DockerFailure.VerbOf(arguments), Is.EqualTo(verb));
    }
}

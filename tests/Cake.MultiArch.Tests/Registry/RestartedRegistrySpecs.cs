using Cake.MultiArch.Tests.Infrastructure;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Pipeline;
using Cake.MultiArch.Publishing;
using Cake.MultiArch.Registry;
using Cake.MultiArch.Tests.Fakes;
using Cake.MultiArch.Retries;

namespace Cake.MultiArch.Tests.Registry;

/// <summary>
/// What a registry that restarted during the pushes answers for a manifest it had acknowledged, spoken in process:
/// 5xx for a while, 404 (the manifest is gone), or 5xx for good (distribution 2.8's filesystem storage, killed between
/// creating a manifest's data file and writing it, keeps the empty file: every read of it is 500 "unexpected end of
/// JSON input", and a push does not rewrite content the registry believes it has). The image is confirmed, and pushed
/// again when it is missing, before a list refers to it.
/// </summary>
[TestFixture]
public class RestartedRegistrySpecs
{
    private const string Tag = "127.0.0.1:5000/app:1-arm32v7";
    private const string ManifestType = "application/vnd.docker.distribution.manifest.v2+json";

    // What distribution 2.8 answers for a manifest whose data file is empty.
    private const string EmptyDataFile = """{"errors":[{"code":"UNKNOWN","message":"unknown error","detail":{"Offset":0}}]}""";

    private static readonly RetryPolicy Quick = new() { Attempts = 4, InitialDelay = TimeSpan.FromMilliseconds(1), MaxDelay = TimeSpan.FromMilliseconds(5) };

    private static readonly byte[] Manifest = Encoding.UTF8.GetBytes(
        """{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","size":2,"digest":"sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a"},"layers":[]}""");

    private static readonly string Digest = "sha256:" + Convert.ToHexStringLower(SHA256.HashData(Manifest));

    [Test]
    public async Task A_manifest_answered_with_500_after_a_restart_is_waited_for_and_not_pushed_again()
    {
        // Given a registry that answers 500 twice for the acknowledged manifest, then serves it
        var failures = 2;
        var registry = new ScriptedRegistryHandler(request =>
            request.Method == HttpMethod.Head && failures-- > 0 ? ScriptedRegistryHandler.Json(HttpStatusCode.InternalServerError, EmptyDataFile) : Serve(request));
        var docker = new PushRunner();
        var log = new CapturingLog(echo: false);

        // When
        var confirmed = await Pusher(docker, log, registry).ConfirmAsync(new PushedImage(CpuArchitecture.Arm32V7, Tag, Digest), new MultiArchBuildSettings(), "/work");

        // Then it waited with the retry policy, and the image stands as pushed
        Assert.That(confirmed.Digest, Is.EqualTo(Digest));
        Assert.That(docker.Pushes, Is.Zero);
        Assert.That(log.Lines.Count(l => l.Contains("failed (HTTP 500); retrying in", StringComparison.Ordinal)), Is.EqualTo(2));
    }

    [Test]
    public async Task A_manifest_gone_after_a_restart_is_pushed_again_before_the_list_refers_to_it()
    {
        // Given a registry that lost the acknowledged manifest (404) until it is pushed again
        var docker = new PushRunner();
        var registry = new ScriptedRegistryHandler(request => docker.Pushes == 0
            ? ScriptedRegistryHandler.Json(HttpStatusCode.NotFound, """{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}""")
            : Serve(request));
        var log = new CapturingLog(echo: false);

        // When
        var confirmed = await Pusher(docker, log, registry).ConfirmAsync(new PushedImage(CpuArchitecture.Arm32V7, Tag, Digest), new MultiArchBuildSettings(), "/work");

        // Then it was pushed once more, said why, and the registry serves it now
        Assert.That(docker.Pushes, Is.EqualTo(1));
        Assert.That(confirmed.Digest, Is.EqualTo(Digest));
        Assert.That(log.Lines, Has.Some.Contains($"The registry no longer serves 127.0.0.1:5000/app@{Digest}, which its push acknowledged (HTTP 404"));
        Assert.That(registry.Requests.Last().Method, Is.EqualTo(HttpMethod.Get), "the content was read back after the push");
    }

    [Test]
    public void A_manifest_the_registry_cannot_serve_even_after_a_push_fails_with_the_cause_and_the_fix()
    {
        // Given a registry whose stored copy is an empty file: 500 for every read, whatever is pushed
        var docker = new PushRunner();
        var registry = new ScriptedRegistryHandler(_ => ScriptedRegistryHandler.Json(HttpStatusCode.InternalServerError, EmptyDataFile));

        // When
        var exception = Assert.ThrowsAsync<MultiArchException>(() =>
            Pusher(docker, new CapturingLog(echo: false), registry).ConfirmAsync(new PushedImage(CpuArchitecture.Arm32V7, Tag, Digest), new MultiArchBuildSettings(), "/work"));

        // Then one push was tried, each check was bounded by the policy, and the message says what is wrong and what to do
        Assert.That(docker.Pushes, Is.EqualTo(1));
        Assert.That(registry.Requests, Has.Count.EqualTo(2 * Quick.Attempts));
        Assert.That(exception!.Message, Does.Contain($"{Tag} was pushed at {Digest}, and pushed again, but the registry 127.0.0.1:5000 still does not serve that manifest (HTTP 500 through 4 attempts)")
            .And.Contain("No manifest list refers to the image")
            .And.Contain($"docker/registry/v2/blobs/sha256/{Digest[7..9]}/{Digest[7..]}")
            .And.Contain("garbage collection"));
    }

    [Test]
    public async Task A_refusal_other_than_404_or_5xx_leaves_the_image_to_the_list()
    {
        // Given a registry that refuses the check (the API needs credentials docker has and the add-in has not)
        var docker = new PushRunner();
        var registry = new ScriptedRegistryHandler(_ => ScriptedRegistryHandler.Json(HttpStatusCode.Forbidden, """{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}"""));

        // When
        var confirmed = await Pusher(docker, new CapturingLog(echo: false), registry).ConfirmAsync(new PushedImage(CpuArchitecture.Arm32V7, Tag, Digest), new MultiArchBuildSettings(), "/work");

        // Then nothing was pushed again, and the list's own reads will tell
        Assert.That(confirmed.Digest, Is.EqualTo(Digest));
        Assert.That(docker.Pushes, Is.Zero);
        Assert.That(registry.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public void A_500_for_a_manifest_by_digest_says_the_stored_copy_may_be_damaged_and_how_to_remove_it()
    {
        // Given a registry whose stored copy of a manifest is an empty file
        using var client = new RegistryClient(
            new RegistryClientSettings { Registry = "127.0.0.1:5000", PlainHttp = true },
            new ScriptedRegistryHandler(_ => ScriptedRegistryHandler.Json(HttpStatusCode.InternalServerError, EmptyDataFile)));

        // When it is read by digest, and by tag
        var byDigest = Assert.ThrowsAsync<MultiArchException>(() => client.GetManifestAsync("app", Digest));
        var byTag = Assert.ThrowsAsync<MultiArchException>(() => client.GetManifestAsync("app", "1-arm32v7"));

        // Then both are transient, and the read by digest names the damage a restart can leave and its fix
        Assert.That(byDigest!.TransientCause, Is.EqualTo("HTTP 500"));
        Assert.That(byDigest.Message, Does.Contain($"Reading manifest app@{Digest} on registry 127.0.0.1:5000 failed: HTTP 500")
            .And.Contain("stored copy may be damaged").And.Contain("garbage collection"));
        Assert.That(byTag!.Message, Does.Contain("failed on its side").And.Not.Contain("stored copy"));
    }

    private static ArchImagePusher Pusher(PushRunner docker, CapturingLog log, ScriptedRegistryHandler registry) =>
        new(docker, log, Quick)
        {
            Connect = (_, _) => Task.FromResult(new RegistryClient(new RegistryClientSettings { Registry = "127.0.0.1:5000", PlainHttp = true }, registry)),
        };

    private static HttpResponseMessage Serve(HttpRequestMessage request)
    {
        var response = ScriptedRegistryHandler.Json(HttpStatusCode.OK, Encoding.UTF8.GetString(Manifest), ManifestType);
        response.Headers.TryAddWithoutValidation("Docker-Content-Digest", Digest);
        if (request.Method == HttpMethod.Head)
        {
            response.Content = new ByteArrayContent([]);
            response.Content.Headers.TryAddWithoutValidation("Content-Type", ManifestType);
        }

        return response;
    }

    // A docker whose push reports the manifest above, as docker does for an image it pushes again.
    private sealed class PushRunner : IDockerRunner
    {
        private int _pushes;

        public int Pushes => _pushes;

        public string WorkingDirectory => "/work";

        public string DaemonKey => "push-runner";

        public DockerEngine? Engine => null;

        public Task<DockerResult> RunAsync(DockerCommand command, CancellationToken cancellationToken = default)
        {
            Assert.That(command.Arguments[0], Is.EqualTo("push"));
            Interlocked.Increment(ref _pushes);
            return Task.FromResult(new DockerResult(0, [$"1-arm32v7: digest: {Digest} size: {Manifest.Length}"], [], TimeSpan.Zero, "docker push " + Tag));
        }
    }
}

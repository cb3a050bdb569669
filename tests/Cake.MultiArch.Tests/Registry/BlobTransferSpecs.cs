using System.Net;
using System.Text;
using Cake.MultiArch.Registry;
using NUnit.Framework;
using static Cake.MultiArch.Tests.Registry.ScriptedRegistryHandler;

namespace Cake.MultiArch.Tests.Registry;

/// <summary>
/// The blob calls of a copy, spoken to an in-process registry: the mount request's path and token scopes, what a 201
/// and a 202 answer mean, and the upload that completes a session. Real registries: Promotion/CopyMultiArchImageSpecs.
/// </summary>
[TestFixture]
public sealed class BlobTransferSpecs
{
    private const string Digest = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private const string Realm = "https://auth.test/token";

    [Test]
    public void A_mount_is_a_post_to_the_target_s_uploads_naming_the_digest_and_the_source_repository()
    {
        Assert.That(
            RegistryClient.MountPath("release/app", Digest, "staging/app"),
            Is.EqualTo($"v2/release/app/blobs/uploads/?mount=sha256%3A{Digest[7..]}&from=staging%2Fapp"));
    }

    [Test]
    public void An_upload_is_completed_with_the_digest_added_to_the_session_s_query()
    {
        Assert.That(new BlobUpload("app", "/v2/app/blobs/uploads/abc?_state=xyz").CompletionPath(Digest), Is.EqualTo($"/v2/app/blobs/uploads/abc?_state=xyz&digest=sha256%3A{Digest[7..]}"));
        Assert.That(new BlobUpload("app", "https://r.test/v2/app/blobs/uploads/abc").CompletionPath(Digest), Is.EqualTo($"https://r.test/v2/app/blobs/uploads/abc?digest=sha256%3A{Digest[7..]}"));
    }

    [Test]
    public async Task A_mount_s_token_covers_push_on_the_target_and_pull_on_the_source_even_when_the_challenge_names_the_target_alone()
    {
        // Given a registry whose challenge names only the target's scope
        var handler = new ScriptedRegistryHandler(request =>
            request.RequestUri!.Host == "auth.test" ? Json(HttpStatusCode.OK, """{"token":"mount-token"}""")
            : request.Headers.Authorization is null ? Challenge($"Bearer realm=\"{Realm}\",service=\"registry.test\",scope=\"repository:release/app:pull,push\"")
            : new HttpResponseMessage(HttpStatusCode.Created));
        using var client = Client(handler);

        // When
        var mount = await client.MountBlobAsync("release/app", Digest, "staging/app");

        // Then the token was asked for both, and the mount was sent with it
        Assert.That(mount.Mounted, Is.True);
        Assert.That(handler.Requests[1].Uri.Query, Is.EqualTo(
            "?service=registry.test&scope=repository%3Arelease%2Fapp%3Apull%2Cpush&scope=repository%3Astaging%2Fapp%3Apull"));
        Assert.That(handler.Requests[2].Method, Is.EqualTo(HttpMethod.Post));
        Assert.That(handler.Requests[2].Uri.PathAndQuery, Is.EqualTo("/" + RegistryClient.MountPath("release/app", Digest, "staging/app")));
        Assert.That(handler.Requests[2].Authorization, Is.EqualTo("Bearer mount-token"));
    }

    [Test]
    public async Task A_declined_mount_hands_back_the_upload_session_the_registry_opened_and_the_upload_completes_it()
    {
        // Given a registry that declines mounts (202 with a session) and stores uploads
        var handler = new ScriptedRegistryHandler(request =>
        {
            if (request.Method == HttpMethod.Post)
            {
                var declined = new HttpResponseMessage(HttpStatusCode.Accepted);
                declined.Headers.Location = new Uri("/v2/release/app/blobs/uploads/session-1?_state=s", UriKind.Relative);
                return declined;
            }

            return new HttpResponseMessage(HttpStatusCode.Created);
        });
        using var client = Client(handler);

        // When
        var mount = await client.MountBlobAsync("release/app", Digest, "staging/app");
        using var bytes = new MemoryStream(Encoding.UTF8.GetBytes("layer"));
        await client.UploadBlobAsync(mount.Upload!, Digest, bytes, 5);

        // Then
        Assert.That(mount.Mounted, Is.False);
        Assert.That(mount.Upload, Is.EqualTo(new BlobUpload("release/app", "/v2/release/app/blobs/uploads/session-1?_state=s", "staging/app")));
        Assert.That(handler.Requests[1].Method, Is.EqualTo(HttpMethod.Put));
        Assert.That(handler.Requests[1].Uri.PathAndQuery, Is.EqualTo($"/v2/release/app/blobs/uploads/session-1?_state=s&digest=sha256%3A{Digest[7..]}"));
        Assert.That(handler.Requests[1].Body, Is.EqualTo("layer"));
    }

    [Test]
    public async Task A_blob_s_head_answers_whether_the_repository_holds_it()
    {
        var handler = new ScriptedRegistryHandler(request =>
            new HttpResponseMessage(request.RequestUri!.AbsolutePath.StartsWith("/v2/has/", StringComparison.Ordinal) ? HttpStatusCode.OK : HttpStatusCode.NotFound));
        using var client = Client(handler);

        Assert.That(await client.HeadBlobAsync("has/app", Digest), Is.True);
        Assert.That(await client.HeadBlobAsync("lacks/app", Digest), Is.False);
        Assert.That(handler.Requests.Select(r => r.Method), Is.All.EqualTo(HttpMethod.Head));
    }

    [Test]
    public void A_refused_upload_session_names_the_registry_and_the_fix()
    {
        var handler = new ScriptedRegistryHandler(_ =>
            Json(HttpStatusCode.Forbidden, """{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}"""));
        using var client = Client(handler);

        var error = Assert.ThrowsAsync<MultiArchException>(() => client.StartBlobUploadAsync("release/app"));

        Assert.That(error!.Message, Does.Contain("registry.test").And.Contain("403").And.Contain("may not push to 'release/app'"));
        Assert.That(error.RegistryStatus, Is.EqualTo(HttpStatusCode.Forbidden));
    }

    private static RegistryClient Client(ScriptedRegistryHandler handler) =>
        new(new RegistryClientSettings { Registry = "registry.test" }, handler);
}

using System.Net;
using System.Text;
using Cake.MultiArch.Registry;
using NUnit.Framework;
using static Cake.MultiArch.Tests.Registry.ScriptedRegistryHandler;

namespace Cake.MultiArch.Tests.Registry;

[TestFixture]
public sealed class BearerTokenFlowSpecs
{
    private const string Manifest = """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa","size":2},"layers":[]}""";
    private const string Realm = "https://auth.test/token";

    [Test]
    public async Task Anonymous_pull_fetches_a_token_for_the_challenged_scope_and_retries()
    {
        // Given
        var handler = TokenRegistry("""{"token":"anonymous-token","expires_in":300}""", "Bearer anonymous-token");
        using var client = Client(handler);

        // When
        var manifest = await client.GetManifestAsync("team/app", "1.0");

        // Then
        Assert.That(manifest.MediaType, Is.EqualTo(ManifestMediaTypes.OciManifest));
        Assert.That(manifest.Digest, Is.EqualTo(RegistryDigest.Compute(Encoding.UTF8.GetBytes(Manifest))));
        Assert.That(handler.Requests.Select(r => r.Uri.ToString()), Is.EqualTo(new[]
        {
            "https://registry.test/v2/team/app/manifests/1.0",
            "https://auth.test/token?service=registry.test&scope=repository%3Ateam%2Fapp%3Apull",
            "https://registry.test/v2/team/app/manifests/1.0",
        }));
        Assert.That(handler.Requests[1].Authorization, Is.Null, "an anonymous token request carries no credentials");
        Assert.That(handler.Requests[2].Authorization, Is.EqualTo("Bearer anonymous-token"));
    }

    [Test]
    public async Task Tokens_are_cached_per_scope()
    {
        var handler = TokenRegistry("""{"token":"cached-token","expires_in":300}""", "Bearer cached-token");
        using var client = Client(handler);

        await client.GetManifestAsync("team/app", "1.0");
        await client.HeadManifestAsync("team/app", "1.0");
        await client.GetManifestAsync("team/other", "1.0");

        var tokenRequests = handler.Requests.Where(r => r.Uri.Host == "auth.test").Select(r => r.Uri.Query).ToList();
        Assert.That(tokenRequests, Has.Count.EqualTo(2));
        Assert.That(tokenRequests[1], Does.Contain("team%2Fother"));
        Assert.That(handler.Requests[3].Authorization, Is.EqualTo("Bearer cached-token"), "the cached token is sent without a new challenge");
    }

    [Test]
    public async Task Basic_credentials_go_to_the_token_service_and_access_token_is_accepted()
    {
        var handler = TokenRegistry("""{"access_token":"oauth-token"}""", "Bearer oauth-token");
        using var client = Client(handler, RegistryCredentials.FromUsernamePassword("ci", "pa55word"));

        await client.GetManifestAsync("team/app", "1.0");

        var tokenRequest = handler.Requests[1];
        Assert.That(tokenRequest.Authorization, Is.EqualTo("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("ci:pa55word"))));
        Assert.That(tokenRequest.Uri.Query, Does.Contain("account=ci"));
    }

    [Test]
    public async Task Pushing_asks_for_pull_and_push()
    {
        var handler = TokenRegistry("""{"token":"push-token"}""", "Bearer push-token");
        using var client = Client(handler);

        await client.PutManifestAsync("team/app", "1.0", ManifestMediaTypes.OciManifest, Encoding.UTF8.GetBytes(Manifest));

        Assert.That(handler.Requests[1].Uri.Query, Does.Contain("scope=repository%3Ateam%2Fapp%3Apull%2Cpush"));
        Assert.That(handler.Requests[2].Body, Is.EqualTo(Manifest));
    }

    [Test]
    public async Task An_identity_token_is_exchanged_with_the_refresh_token_grant()
    {
        var handler = TokenRegistry("""{"access_token":"from-refresh"}""", "Bearer from-refresh");
        using var client = Client(handler, RegistryCredentials.FromIdentityToken("refresh-secret"));

        await client.GetManifestAsync("team/app", "1.0");

        var tokenRequest = handler.Requests[1];
        Assert.That(tokenRequest.Method, Is.EqualTo(HttpMethod.Post));
        Assert.That(tokenRequest.Body, Does.Contain("grant_type=refresh_token").And.Contain("refresh_token=refresh-secret").And.Contain("service=registry.test"));
    }

    [Test]
    public void A_refused_token_request_names_the_token_service_and_the_fix_without_the_password()
    {
        var handler = new ScriptedRegistryHandler(request => request.RequestUri!.Host == "auth.test"
            ? Json(HttpStatusCode.Unauthorized, """{"errors":[{"code":"UNAUTHORIZED","message":"bad credentials"}]}""")
            : Challenge($"Bearer realm=\"{Realm}\",service=\"registry.test\",scope=\"repository:team/app:pull\""));
        using var client = Client(handler, RegistryCredentials.FromUsernamePassword("ci", "wrong-pa55"));

        var exception = Assert.ThrowsAsync<MultiArchException>(() => client.GetManifestAsync("team/app", "1.0"));

        Assert.That(exception!.Message, Does.Contain("token service https://auth.test/token").And.Contain("HTTP 401")
            .And.Contain("bad credentials").And.Contain("docker login registry.test"));
        Assert.That(exception.Message, Does.Not.Contain("wrong-pa55"));
    }

    [Test]
    public void A_token_that_is_still_refused_reports_the_registry_error()
    {
        var handler = new ScriptedRegistryHandler(request => request.RequestUri!.Host == "auth.test"
            ? Json(HttpStatusCode.OK, """{"token":"weak-token"}""")
            : Challenge($"Bearer realm=\"{Realm}\",service=\"registry.test\",scope=\"repository:team/app:pull\",error=\"insufficient_scope\""));
        using var client = Client(handler);

        var exception = Assert.ThrowsAsync<MultiArchException>(() => client.GetManifestAsync("team/app", "1.0"));

        Assert.That(exception!.Message, Does.Contain("Reading manifest team/app:1.0 on registry registry.test failed: HTTP 401")
            .And.Contain("UNAUTHORIZED (authentication required)").And.Contain("log in"));
        Assert.That(exception.Message, Does.Not.Contain("weak-token"));
    }

    [Test]
    public void A_missing_manifest_names_registry_repository_tag_status_code_and_fix()
    {
        var handler = new ScriptedRegistryHandler(_ =>
            Json(HttpStatusCode.NotFound, """{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown","detail":{"Tag":"9.9"}}]}"""));
        using var client = Client(handler);

        var exception = Assert.ThrowsAsync<MultiArchException>(() => client.GetManifestAsync("team/app", "9.9"));

        Assert.That(exception!.Message, Is.EqualTo(
            "Reading manifest team/app:9.9 on registry registry.test failed: HTTP 404 Not Found. The registry says: MANIFEST_UNKNOWN (manifest unknown). " +
            "There is no manifest team/app:9.9 on registry.test: push the image first (docker push registry.test/team/app:9.9), or check the tag."));
    }

    [Test]
    public async Task Head_answers_null_for_a_missing_manifest_and_the_digest_for_a_present_one()
    {
        const string digest = "sha256:1111111111111111111111111111111111111111111111111111111111111111";
        var handler = new ScriptedRegistryHandler(request =>
        {
            if (request.RequestUri!.AbsolutePath.EndsWith("/missing", StringComparison.Ordinal))
            {
                return new HttpResponseMessage(HttpStatusCode.NotFound);
            }

            var response = Json(HttpStatusCode.OK, "", ManifestMediaTypes.DockerManifestList);
            response.Headers.Add("Docker-Content-Digest", digest);
            return response;
        });
        using var client = Client(handler);

        Assert.That(await client.HeadManifestAsync("team/app", "missing"), Is.Null);
        var head = await client.HeadManifestAsync("team/app", "present");
        Assert.That(head!.Digest, Is.EqualTo(digest));
        Assert.That(head.MediaType, Is.EqualTo(ManifestMediaTypes.DockerManifestList));
    }

    [Test]
    public void A_registry_address_with_a_scheme_is_refused_with_the_fix()
    {
        var exception = Assert.Throws<MultiArchException>(() => new RegistryClient(new RegistryClientSettings { Registry = "http://localhost:5000" }));

        Assert.That(exception!.Message, Does.Contain("no scheme").And.Contain("Insecure = true"));
    }

    private static RegistryClient Client(ScriptedRegistryHandler handler, RegistryCredentials? credentials = null) =>
        new(new RegistryClientSettings { Registry = "registry.test", Credentials = credentials ?? RegistryCredentials.Anonymous }, handler);

    // A registry that challenges requests without the expected authorization, behind a token service at auth.test.
    private static ScriptedRegistryHandler TokenRegistry(string tokenResponse, string expectedAuthorization) =>
        new(request =>
        {
            if (request.RequestUri!.Host == "auth.test")
            {
                return Json(HttpStatusCode.OK, tokenResponse);
            }

            if (request.Headers.Authorization?.ToString() != expectedAuthorization)
            {
                var path = request.RequestUri.AbsolutePath;
                var repository = path["/v2/".Length..path.IndexOf("/manifests/", StringComparison.Ordinal)];
                var actions = request.Method == HttpMethod.Put ? "pull,push" : "pull";
                return Challenge($"Bearer realm=\"{Realm}\",service=\"registry.test\",scope=\"repository:{repository}:{actions}\"");
            }

            if (request.Method == HttpMethod.Put)
            {
                return new HttpResponseMessage(HttpStatusCode.Created);
            }

            return Json(HttpStatusCode.OK, request.Method == HttpMethod.Head ? "" : Manifest, ManifestMediaTypes.OciManifest);
        });
}

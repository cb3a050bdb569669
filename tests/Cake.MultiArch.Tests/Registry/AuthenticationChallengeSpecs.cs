using Cake.MultiArch.Registry;
using NUnit.Framework;

namespace Cake.MultiArch.Tests.Registry;

[TestFixture]
public sealed class AuthenticationChallengeSpecs
{
    [Test]
    public void Parses_a_bearer_challenge_with_realm_service_and_scope()
    {
        const string header = "Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\",scope=\"repository:library/alpine:pull\"";

        Assert.That(AuthenticationChallenge.TryParse(header, out var challenge), Is.True);
        Assert.Multiple(() =>
        {
            Assert.That(challenge!.IsBearer, Is.True);
            Assert.That(challenge.Realm, Is.EqualTo("https://auth.docker.io/token"));
            Assert.That(challenge.Service, Is.EqualTo("registry.docker.io"));
            Assert.That(challenge.Scope, Is.EqualTo("repository:library/alpine:pull"));
        });
    }

    [Test]
    public void Keeps_commas_inside_quoted_scopes()
    {
        const string header = "Bearer realm=\"https://r/token\", service=\"s\", scope=\"repository:app:pull,push\", error=\"insufficient_scope\"";

        AuthenticationChallenge.TryParse(header, out var challenge);

        Assert.That(challenge!.Scope, Is.EqualTo("repository:app:pull,push"));
        Assert.That(challenge.Error, Is.EqualTo("insufficient_scope"));
    }

    [Test]
    public void Parses_a_basic_challenge_and_is_case_insensitive()
    {
        AuthenticationChallenge.TryParse("basic REALM=\"Registry Realm\"", out var challenge);

        Assert.That(challenge!.IsBasic, Is.True);
        Assert.That(challenge.Parameters["realm"], Is.EqualTo("Registry Realm"));
    }

    [Test]
    public void Parses_several_challenges_in_one_header()
    {
        var challenges = AuthenticationChallenge.ParseAll("Basic realm=\"a\", Bearer realm=\"https://t/token\",service=\"x\"");

        Assert.That(challenges.Select(c => c.Scheme), Is.EqualTo(new[] { "Basic", "Bearer" }));
        Assert.That(challenges[1].Service, Is.EqualTo("x"));
    }

    [Test]
    public void Reads_unquoted_values_and_escaped_quotes()
    {
        var challenge = AuthenticationChallenge.ParseAll("Bearer realm=https://t/token,service=reg,note=\"say \\\"hi\\\"\"").Single();

        Assert.That(challenge.Realm, Is.EqualTo("https://t/token"));
        Assert.That(challenge.Service, Is.EqualTo("reg"));
        Assert.That(challenge.Parameters["note"], Is.EqualTo("say \"hi\""));
    }

    [TestCase(null)]
    [TestCase("")]
    [TestCase("   ")]
    public void Finds_no_challenge_in_an_empty_header(string? header)
    {
        Assert.That(AuthenticationChallenge.TryParse(header, out var challenge), Is.False);
        Assert.That(challenge, Is.Null);
    }
}

using System.Text;
using Cake.MultiArch.Registry;
using NUnit.Framework;

namespace Cake.MultiArch.Tests.Registry;

[TestFixture]
public sealed class DockerConfigCredentialStoreSpecs
{
    private string _directory = null!;
    private string _bin = null!;

    [SetUp]
    public void CreateDirectories()
    {
        _directory = Directory.CreateTempSubdirectory("multiarch-docker-config-").FullName;
        _bin = Directory.CreateDirectory(Path.Combine(_directory, "bin")).FullName;
    }

    [TearDown]
    public void DeleteDirectories() => Directory.Delete(_directory, recursive: true);

    [Test]
    public async Task Reads_user_and_password_from_a_base64_auth_entry()
    {
        WriteConfig("{\"auths\":{\"localhost:5000\":{\"auth\":\"" + Base64("ci-user:s3cret:with:colons") + "\"}}}");

        var credentials = await Store().GetAsync("localhost:5000");

        Assert.That(credentials.Username, Is.EqualTo("ci-user"));
        Assert.That(credentials.Password, Is.EqualTo("s3cret:with:colons"));
        Assert.That(credentials.ToString(), Is.EqualTo("user name and password"));
    }

    [Test]
    public async Task Matches_keys_written_with_a_scheme_and_path()
    {
        WriteConfig("{\"auths\":{\"https://registry.example.com/v1/\":{\"auth\":\"" + Base64("example-user:example-password") + "\"}}}");

        var credentials = await Store().GetAsync("registry.example.com");

        Assert.That(credentials.Username, Is.EqualTo("example-user"));
    }

    [TestCase("docker.io")]
    [TestCase("registry-1.docker.io")]
    [TestCase("index.docker.io")]
    public async Task Finds_Docker_Hub_credentials_under_the_index_v1_key(string registry)
    {
        WriteConfig("{\"auths\":{\"https://index.docker.io/v1/\":{\"auth\":\"" + Base64("hubuser:hubpass") + "\"}}}");

        var credentials = await Store().GetAsync(registry);

        Assert.That(credentials.Username, Is.EqualTo("hubuser"));
    }

    [Test]
    public async Task Reads_an_identity_token()
    {
        WriteConfig("{\"auths\":{\"ghcr.io\":{\"auth\":\"" + Base64("someone:") + "\",\"identitytoken\":\"refresh-me\"}}}");

        var credentials = await Store().GetAsync("ghcr.io");

        Assert.That(credentials.IdentityToken, Is.EqualTo("refresh-me"));
        Assert.That(credentials.Username, Is.EqualTo("someone"));
    }

    [Test]
    public async Task Is_anonymous_without_a_config_file_or_entry()
    {
        Assert.That((await Store().GetAsync("localhost:5000")).IsAnonymous, Is.True);

        WriteConfig("""{"auths":{"other:5000":{"auth":"dTpw"}}}""");
        Assert.That((await Store().GetAsync("localhost:5000")).IsAnonymous, Is.True);
    }

    [Test]
    public void A_config_that_is_not_JSON_names_the_file_and_the_fix()
    {
        WriteConfig("auths = { secret-looking-text }");

        var exception = Assert.ThrowsAsync<MultiArchException>(() => Store().GetAsync("localhost:5000"));

        Assert.That(exception!.Message, Does.Contain(Path.Combine(_directory, "config.json")).And.Contain("not valid JSON").And.Contain("docker login"));
        Assert.That(exception.Message, Does.Not.Contain("secret-looking-text"));
    }

    [Test]
    public async Task Asks_the_credential_helper_named_in_credHelpers_with_the_server_on_stdin()
    {
        // Given
        WriteHelper("fake");
        WriteConfig("""{"auths":{"localhost:5000":{}},"credHelpers":{"localhost:5000":"fake"}}""");

        // When
        var credentials = await Store().GetAsync("localhost:5000");

        // Then
        Assert.That(credentials.Username, Is.EqualTo("helper-user"));
        Assert.That(credentials.Password, Is.EqualTo("helper-secret"));
        Assert.That(File.ReadAllText(Path.Combine(_directory, "helper.log")), Is.EqualTo("get localhost:5000\n"));
    }

    [Test]
    public async Task Asks_the_credsStore_for_Docker_Hub_with_the_index_v1_address_and_reads_identity_tokens()
    {
        WriteHelper("store");
        WriteConfig("""{"credsStore":"store"}""");

        var credentials = await Store().GetAsync("docker.io");

        Assert.That(credentials.IdentityToken, Is.EqualTo("hub-identity-token"));
        Assert.That(File.ReadAllText(Path.Combine(_directory, "helper.log")), Is.EqualTo("get https://index.docker.io/v1/\n"));
    }

    [Test]
    public async Task Falls_back_to_auths_when_the_helper_has_no_credentials()
    {
        WriteHelper("store");
        WriteConfig("{\"credsStore\":\"store\",\"auths\":{\"other:5000\":{\"auth\":\"" + Base64("file-user:file-pass") + "\"}}}");

        var credentials = await Store().GetAsync("other:5000");

        Assert.That(credentials.Username, Is.EqualTo("file-user"));
    }

    [Test]
    public void A_missing_credential_helper_names_the_program_and_the_fix()
    {
        WriteConfig("""{"credHelpers":{"localhost:5000":"nowhere"}}""");

        var exception = Assert.ThrowsAsync<MultiArchException>(() => Store().GetAsync("localhost:5000"));

        Assert.That(exception!.Message, Does.Contain("docker-credential-nowhere").And.Contain("not on PATH").And.Contain("Install"));
    }

    [Test]
    public void A_failing_credential_helper_reports_its_exit_code_without_secrets()
    {
        WriteHelper("broken", "echo 'keychain locked for helper-secret' >&2; exit 3");
        WriteConfig("""{"credHelpers":{"localhost:5000":"broken"}}""");
        RegistryCredentials.FromUsernamePassword("someone", "helper-secret");

        var exception = Assert.ThrowsAsync<MultiArchException>(() => Store().GetAsync("localhost:5000"));

        Assert.That(exception!.Message, Does.Contain("exit code 3").And.Contain("keychain locked"));
        Assert.That(exception.Message, Does.Not.Contain("helper-secret"));
    }

    [Test]
    public void Uses_DOCKER_CONFIG_else_HOME_dot_docker()
    {
        var fromVariable = new DockerConfigCredentialStore(null, name => name == "DOCKER_CONFIG" ? "/cfg" : null);
        var fromHome = new DockerConfigCredentialStore(null, name => name == "HOME" ? "/home/ci" : null);

        Assert.That(fromVariable.ConfigFile, Is.EqualTo("/cfg/config.json"));
        Assert.That(fromHome.ConfigFile, Is.EqualTo("/home/ci/.docker/config.json"));
    }

    private DockerConfigCredentialStore Store() =>
        new(_directory, name => name == "PATH" ? _bin + Path.PathSeparator + "/usr/bin:/bin" : null);

    private void WriteConfig(string json) => File.WriteAllText(Path.Combine(_directory, "config.json"), json);

    // A credential helper speaking docker's protocol: `get` with the server address on stdin, JSON on stdout.
    private void WriteHelper(string name, string? body = null)
    {
        var path = Path.Combine(_bin, "docker-credential-" + name);
        var log = Path.Combine(_directory, "helper.log");
        body ??= $$"""
            case "$server" in
              localhost:5000) echo '{"ServerURL":"localhost:5000","Username":"helper-user","Secret":"helper-secret"}' ;;
              https://index.docker.io/v1/) echo '{"ServerURL":"https://index.docker.io/v1/","Username":"<token>","Secret":"hub-identity-token"}' ;;
              *) echo 'credentials not found in native keychain'; exit 1 ;;
            esac
            """;
        File.WriteAllText(path, $"#!/bin/sh\nread -r server\necho \"$1 $server\" >> '{log}'\n{body}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static string Base64(string text) => Convert.ToBase64String(Encoding.UTF8.GetBytes(text));
}

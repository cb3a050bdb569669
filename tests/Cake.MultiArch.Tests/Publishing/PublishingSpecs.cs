using Cake.MultiArch.Tests.Infrastructure;
using Cake.MultiArch.Docker;
using Cake.MultiArch.Publishing;
using Cake.MultiArch.Tests.Fakes;
using Cake.MultiArch.Secrets;

namespace Cake.MultiArch.Tests.Publishing;

[TestFixture]
public class PublishingSpecs
{
    [Test]
    public void Push_digest_is_read_from_dockers_last_line()
    {
        string[] output =
        [
            "The push refers to repository [127.0.0.1:5000/app]",
            "5f70bf18a086: Pushed",
            "1.0-arm32v7: digest: sha256:753c06df1ff96bbed5dbc369873004ece81766e997ca6a4d493b1aeaf51b74cc size: 527",
        ];

        Assert.That(ArchImagePusher.DigestOf(output), Is.EqualTo("sha256:753c06df1ff96bbed5dbc369873004ece81766e997ca6a4d493b1aeaf51b74cc"));
        Assert.That(ArchImagePusher.DigestOf(["no digest here"]), Is.Null);
    }

    [Test]
    public void A_list_of_no_images_is_refused_with_the_fix()
    {
        var docker = new ScriptedDockerRunner();

        var exception = Assert.ThrowsAsync<MultiArchException>(() =>
            new ManifestListPublisher(docker, new CapturingLog(echo: false), "/work").PublishAsync("r.example.com/app:1", [], new PushManifestSettings { Force = true }));

        Assert.That(exception!.Message, Does.Contain("no per-arch images").And.Contain("Push each arch's image first"));
        Assert.That(docker.Commands, Is.Empty);
    }

    [Test]
    public void Two_images_for_one_platform_are_refused()
    {
        var docker = new ScriptedDockerRunner();
        PushedImage[] images =
        [
            new(CpuArchitecture.Arm32V7, "r.example.com/app:1-arm32v7", "sha256:aa"),
            new(CpuArchitecture.Parse("armhf"), "r.example.com/app:1-armhf", "sha256:bb"),
        ];

        var exception = Assert.ThrowsAsync<MultiArchException>(() =>
            new ManifestListPublisher(docker, new CapturingLog(echo: false), "/work").PublishAsync("r.example.com/app:1", images, new PushManifestSettings { Force = true }));

        Assert.That(exception!.Message, Does.Contain("more than one image for linux/arm/v7"));
    }

    [Test]
    public async Task Login_sends_the_password_on_standard_input_only()
    {
        var docker = new ScriptedDockerRunner();

        await new RegistryLogin(docker, new CapturingLog(echo: false)).LoginAsync(
            new MultiArchLoginSettings { Server = "127.0.0.1:5000", Username = "ci", Password = "s3cr3t-Pa55" });

        var login = docker.Commands.Single();
        Assert.That(login.Arguments, Has.None.Contains("s3cr3t-Pa55"));
        Assert.That(login.StandardInput, Is.EqualTo("s3cr3t-Pa55"));
        Assert.That(SecretMasker.Apply("token s3cr3t-Pa55 here"), Is.EqualTo("token *** here"));
    }

    [Test]
    public void Login_without_a_password_says_which_variable_to_set()
    {
        var exception = Assert.ThrowsAsync<MultiArchException>(() => new RegistryLogin(new ScriptedDockerRunner(), new CapturingLog(echo: false)).LoginAsync(
            new MultiArchLoginSettings { Server = "ghcr.io", Username = "me", Password = "" }));

        Assert.That(exception!.Message, Does.Contain("empty Password").And.Contain("secret variable"));
    }

    [Test]
    public void Local_image_json_is_read_with_or_without_a_variant()
    {
        var arm = LocalImage.Parse("""[{"Id":"sha256:1","Os":"linux","Architecture":"arm","Variant":"v6"}]""");
        var amd = LocalImage.Parse("""[{"Id":"sha256:2","Os":"linux","Architecture":"amd64"}]""");

        Assert.That(arm!.Platform, Is.EqualTo("linux/arm/v6"));
        Assert.That(amd!.Platform, Is.EqualTo("linux/amd64"));
        Assert.That(LocalImage.Parse("[]"), Is.Null);
    }
}

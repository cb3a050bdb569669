using Cake.MultiArch.Docker;
using Cake.MultiArch.Secrets;

namespace Cake.MultiArch.Tests.Secrets;

/// <summary>Secrets are registered with the CI's own log masking where the CI has a command for it.</summary>
[TestFixture]
public class CiSecretMaskSpecs
{
    [Test]
    public void GitHub_Actions_gets_an_add_mask_command()
    {
        var commands = CiSecretMask.CommandsFor("s3cret", v => v == "GITHUB_ACTIONS" ? "true" : null);

        Assert.That(commands, Is.EqualTo(new[] { "::add-mask::s3cret" }));
    }

    [Test]
    public void Azure_Pipelines_gets_a_setsecret_command()
    {
        var commands = CiSecretMask.CommandsFor("s3cret", v => v == "TF_BUILD" ? "True" : null);

        Assert.That(commands, Is.EqualTo(new[] { "##vso[task.setsecret]s3cret" }));
    }

    [Test]
    public void Each_line_of_a_multi_line_secret_is_registered_on_its_own()
    {
        var commands = CiSecretMask.CommandsFor("line1\nline2", v => v == "GITHUB_ACTIONS" ? "true" : null);

        Assert.That(commands, Is.EqualTo(new[] { "::add-mask::line1", "::add-mask::line2" }));
    }

    [Test]
    public void Outside_such_a_CI_nothing_is_written()
    {
        Assert.That(CiSecretMask.CommandsFor("s3cret", _ => null), Is.Empty);
        Assert.That(CiSecretMask.CommandsFor("s3cret", v => v == "GITLAB_CI" ? "true" : null), Is.Empty, "GitLab masks variables by their settings, not by a command");
    }
}

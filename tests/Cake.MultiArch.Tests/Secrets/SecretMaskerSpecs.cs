using Cake.MultiArch.Docker;
using NUnit.Framework;
using Cake.MultiArch.Secrets;

namespace Cake.MultiArch.Tests.Secrets;

// SecretMasker's registry is process-wide and never forgets; every test uses secrets of its own.
public sealed class SecretMaskerSpecs
{
    private static string NewSecret() => "s3cr3t-" + Guid.NewGuid().ToString("N");

    [Test]
    public void Apply_masks_secrets_given_by_the_caller()
    {
        var secret = NewSecret();

        var masked = SecretMasker.Apply($"docker login -p {secret} registry", [secret]);

        Assert.That(masked, Is.EqualTo("docker login -p *** registry"));
    }

    [Test]
    public void A_registered_secret_stays_masked_in_every_later_text()
    {
        // Given a secret registered once
        var secret = NewSecret();
        SecretMasker.Register(secret);

        // When later texts contain it, without the caller naming it
        var first = SecretMasker.Apply($"Error: {secret} was refused");
        var second = SecretMasker.Apply($"{secret}{secret}");

        // Then every occurrence is masked
        Assert.That(first, Is.EqualTo("Error: *** was refused"));
        Assert.That(second, Is.EqualTo("******"));
    }

    [Test]
    public void A_secret_containing_another_is_masked_whole()
    {
        // Given a short secret and a longer one that contains it, registered shortest first
        var shorter = NewSecret();
        var longer = shorter + "-and-more";
        SecretMasker.Register(shorter);
        SecretMasker.Register(longer);

        // Then the longer one is masked whole, leaving no tail behind
        Assert.That(SecretMasker.Apply($"token={longer}"), Is.EqualTo("token=***"));
        Assert.That(SecretMasker.Apply($"token={shorter}"), Is.EqualTo("token=***"));
    }

    [Test]
    public void Extra_secrets_are_masked_longest_first_too()
    {
        var shorter = NewSecret();
        var longer = shorter + "-and-more";

        Assert.That(SecretMasker.Apply($"[{longer}]", [shorter, longer]), Is.EqualTo("[***]"));
    }

    [Test]
    public void Empty_secrets_are_ignored()
    {
        // Given empty and missing secrets
        SecretMasker.Register(null);
        SecretMasker.Register("");

        // Then text is left alone (replacing "" would throw or mask everything)
        Assert.That(SecretMasker.Apply("nothing to hide", [""]), Is.EqualTo("nothing to hide"));
    }

    [Test]
    public void Masking_is_case_sensitive_and_exact()
    {
        var secret = NewSecret();

        Assert.That(SecretMasker.Apply(secret.ToUpperInvariant(), [secret]), Is.EqualTo(secret.ToUpperInvariant()));
    }

    [Test]
    public void The_mask_is_three_stars()
    {
        Assert.That(SecretMasker.Mask, Is.EqualTo("***"));
    }
}

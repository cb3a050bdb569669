using Cake.MultiArch.Progress;
using Cake.MultiArch.Tests.Infrastructure;
using NUnit.Framework;

namespace Cake.MultiArch.Tests.Progress;

/// <summary>Which CI's log groups a build writes, from the variables each CI sets.</summary>
[TestFixture]
public sealed class CiLogSpecs
{
    [Test]
    public void Off_CI_there_are_no_groups()
    {
        Assert.That(CiLog.Detect(TestCakeContext.OnCi()).HasGroups, Is.False);
    }

    [TestCase("GITHUB_ACTIONS", "true")]
    [TestCase("TF_BUILD", "True")]
    [TestCase("TRAVIS", "true")]
    public void On_a_CI_with_groups_they_are_written(string variable, string value)
    {
        Assert.That(CiLog.Detect(TestCakeContext.OnCi((variable, value))).HasGroups, Is.True);
    }
}

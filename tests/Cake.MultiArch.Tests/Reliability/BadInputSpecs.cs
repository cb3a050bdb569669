using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Reliability;

/// <summary>
/// Every row of <see cref="BadInputTable"/> through the aliases, in process, against the real daemon and registries:
/// a <see cref="MultiArchException"/> whose message names the problem and the fix, and a registry left as it was.
/// </summary>
[NonParallelizable]
public sealed class BadInputSpecs : IntegrationTest
{
    private TestRegistry _registry = null!;
    private TestRegistry _secureRegistry = null!;
    private string _app = "";

    [OneTimeSetUp]
    public async Task StartRegistriesAndWriteApp()
    {
        _registry = await TestRegistry.StartAsync();
        _secureRegistry = await TestRegistry.StartAsync(new TestRegistryOptions { Tls = true, Htpasswd = ("ci-pusher", "Bad-Input-" + Guid.NewGuid().ToString("N")) });
        _app = Directory.CreateTempSubdirectory("reliability-app-").FullName;
        await File.WriteAllTextAsync(Path.Combine(_app, "Dockerfile"), "ARG BASE\nFROM ${BASE}\nARG NOTE=none\nRUN echo \"$NOTE\" > /note\n");
    }

    [OneTimeTearDown]
    public async Task StopRegistries()
    {
        await _registry.DisposeAsync();
        await _secureRegistry.DisposeAsync();
        Directory.Delete(_app, recursive: true);
    }

    [Test]
    public void The_table_writes_down_at_least_thirty_bad_inputs_each_with_a_problem_and_a_fix()
    {
        Assert.That(BadInputTable.Rows, Has.Count.GreaterThanOrEqualTo(30));
        Assert.That(BadInputTable.Rows.Select(r => r.Name), Is.Unique);
        Assert.That(BadInputTable.Rows, Has.All.Matches<BadInput>(r => r.Problem.Length > 0 && r.Fix.Length > 0));
    }

    [TestCaseSource(typeof(BadInputTable), nameof(BadInputTable.Cases))]
    public async Task Each_bad_input_fails_naming_the_problem_and_the_fix_and_leaves_the_registry_unchanged(BadInput row)
    {
        // Given
        var repository = "bad/" + Slug(row.Name);
        using var scene = new BadInputScene(_app, _registry, _secureRegistry, repository);
        var before = await RegistrySnapshot.TakeAsync(_registry);
        var secureBefore = await RegistrySnapshot.TakeAsync(_secureRegistry);

        try
        {
            // When
            var exception = Assert.Catch<MultiArchException>(() => row.Act(scene), $"{row.Input} did not fail");

            // Then
            TestContext.Out.WriteLine($"{row.Input}{Environment.NewLine}  -> {exception!.GetType().Name}: {exception.Message}");
            Assert.Multiple(() =>
            {
                foreach (var fragment in row.Problem)
                {
                    Assert.That(exception.Message, Does.Contain(fragment), "the message should name the problem");
                }

                foreach (var fragment in row.Fix)
                {
                    Assert.That(exception.Message, Does.Contain(fragment), "the message should name the fix");
                }
            });
            Assert.That((await RegistrySnapshot.TakeAsync(_registry)).ChangedSince(before), Is.Empty, "the registry must hold no new tag or list");
            Assert.That((await RegistrySnapshot.TakeAsync(_secureRegistry)).ChangedSince(secureBefore), Is.Empty, "the registry must hold no new tag or list");
            if (_secureRegistry.Credentials is var (_, password))
            {
                Assert.That(exception.Message + scene.Context.Log.Text, Does.Not.Contain(password));
            }
        }
        finally
        {
            await RemoveLocalImagesAsync(repository);
        }
    }

    private static string Slug(string name) =>
        string.Concat(name.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')).Trim('-').Replace("--", "-", StringComparison.Ordinal);

    // Rows that build leave arch tags under several registry hosts (a closed port, a forwarder, a host that does not resolve).
    private static async Task RemoveLocalImagesAsync(string repository)
    {
        var images = await HostCommand.RunAsync("docker", ["image", "ls", "--format", "{{.Repository}}:{{.Tag}}"]);
        var mine = images.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(i => i.Contains("/" + repository + ":", StringComparison.Ordinal))
            .ToArray();
        if (mine.Length > 0)
        {
            await HostCommand.RunAsync("docker", ["image", "rm", .. mine]);
        }
    }
}

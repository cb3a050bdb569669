using System.Text.Json;
using Cake.MultiArch.Building;
using Cake.MultiArch.Tests.Infrastructure;

namespace Cake.MultiArch.Tests.Reliability;

/// <summary>
/// Shell metacharacters and newlines in build arguments and labels are data: each value reaches docker as one token
/// and lands in the image exactly as written, never interpreted by a shell on the host.
/// </summary>
[NonParallelizable]
public sealed class LiteralArgumentSpecs : IntegrationTest
{
    private static readonly string Sentinel = Path.Combine(Path.GetTempPath(), $"reliability-sentinel-{Guid.NewGuid():N}");
    private static readonly string Hostile = $"a; touch {Sentinel} && echo `id` $(id) | cat > /dev/null & exit 1\nsecond line 'single' \"double\" \\back $HOME * ?";

    [Test]
    public void Each_build_argument_and_label_is_one_token_holding_the_value_as_written()
    {
        var settings = new BuildArchImageSettings { Image = "r.example.com/app", BuildArguments = { ["NOTE"] = Hostile }, Labels = { ["org.example.note"] = Hostile } };

        var tokens = BuildCommands.Build(settings, CpuArchitecture.Amd64, ["r.example.com/app:latest-amd64"], null, "/src/Dockerfile", "/src");

        Assert.That(tokens, Has.One.EqualTo("NOTE=" + Hostile));
        Assert.That(tokens, Has.One.EqualTo("org.example.note=" + Hostile));
        Assert.That(tokens[tokens.ToList().IndexOf("NOTE=" + Hostile) - 1], Is.EqualTo("--build-arg"));
    }

    [Test]
    public async Task A_build_argument_and_a_label_full_of_shell_metacharacters_reach_the_image_literally()
    {
        // Given
        var app = Directory.CreateTempSubdirectory("reliability-literal-").FullName;
        var image = $"reliability/literal-{Guid.NewGuid():N}";
        await File.WriteAllTextAsync(Path.Combine(app, "Dockerfile"), "ARG BASE\nFROM ${BASE}\nARG NOTE\nRUN printf '%s' \"$NOTE\" > /note\n");
        var context = new TestCakeContext(app);
        try
        {
            // When
            var built = context.BuildArchImage("amd64", new BuildArchImageSettings
            {
                Image = image,
                Tag = "1.0",
                BaseImage = BusyboxBases.Repository + ":{arch}",
                BuildArguments = { ["NOTE"] = Hostile },
                Labels = { ["org.example.note"] = Hostile },
            });

            // Then the label and the file in the image hold the value exactly, and nothing ran on the host
            var labels = await HostCommand.DockerAsync("image", "inspect", "--format", "{{json .Config.Labels}}", built.Tag);
            Assert.That(JsonDocument.Parse(labels.StandardOutput).RootElement.GetProperty("org.example.note").GetString(), Is.EqualTo(Hostile));
            var note = await HostCommand.DockerAsync("run", "--rm", built.Tag, "cat", "/note");
            Assert.That(note.StandardOutput, Is.EqualTo(Hostile));
            Assert.That(File.Exists(Sentinel), Is.False, "a shell on the host ran the value");
        }
        finally
        {
            await HostCommand.RunAsync("docker", ["image", "rm", $"{image}:1.0-amd64"]);
            Directory.Delete(app, recursive: true);
        }
    }
}

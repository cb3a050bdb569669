using System.Text;
using Cake.MultiArch.Building;
using Cake.Core.Diagnostics;

namespace Cake.MultiArch.Tests.Building;

/// <summary>The pure parts of BuildMethod.EngineBuildKit: the build query, BuildKit's progress messages, and the answer's lines.</summary>
public sealed class EngineBuildKitQuerySpecs
{
    [Test]
    public void The_query_carries_platform_tags_base_arguments_labels_target_and_switches_escaped()
    {
        var settings = new BuildArchImageSettings
        {
            BuildArguments = { ["VERSION"] = "1.0 & 'x'" },
            Labels = { ["org.example.note"] = "a=b" },
            Target = "runtime",
            Pull = true,
            NoCache = true,
            CacheFrom = { "ghcr.io/me/app:cache" },
        };

        var query = BuildCommands.BuildKitQuery(settings, CpuArchitecture.Arm32V7, ["app:1.0-arm32v7", "app:extra"], "local/qemu-arm32v7", "sub dir/Dockerfile");

        var pairs = query.Split('&').Select(p => p.Split('=', 2)).Select(p => (Uri.UnescapeDataString(p[0]), Uri.UnescapeDataString(p[1]))).ToList();
        Assert.That(pairs, Is.EqualTo(new[]
        {
            ("version", "2"),
            ("platform", "linux/arm/v7"),
            ("dockerfile", "sub dir/Dockerfile"),
            ("buildargs", "{\"BASE\":\"local/qemu-arm32v7\",\"VERSION\":\"1.0 \\u0026 \\u0027x\\u0027\"}"),
            ("labels", "{\"org.example.note\":\"a=b\"}"),
            ("t", "app:1.0-arm32v7"),
            ("t", "app:extra"),
            ("target", "runtime"),
            ("pull", "1"),
            ("nocache", "1"),
            ("cachefrom", "[\"ghcr.io/me/app:cache\"]"),
        }));
        Assert.That(query, Does.Not.Contain(" ").And.Not.Contain("'"));
    }

    [Test]
    public void Without_a_base_or_options_the_query_holds_only_what_is_set()
    {
        var query = BuildCommands.BuildKitQuery(new BuildArchImageSettings(), CpuArchitecture.Amd64, ["app:latest-amd64"], null, "Dockerfile");

        Assert.That(Uri.UnescapeDataString(query), Is.EqualTo("version=2&platform=linux/amd64&dockerfile=Dockerfile&buildargs={}&labels={}&t=app:latest-amd64"));
    }

    [Test]
    public void A_status_message_gives_its_steps_and_their_output_and_skips_fields_it_does_not_know()
    {
        // Given a StatusResponse as BuildKit encodes it: one vertex (digest 1, name 3, cached 4, started 5,
        // completed 6), one status (2, unknown here), one log (vertex 1, stream 3, msg 4), and a field from a newer
        // BuildKit (9)
        var timestamp = Message((1, Varint(1_700_000_000)));
        var vertex = Message((1, Text("sha256:aa")), (3, Text("[2/2] RUN make")), (4, Varint(1)), (5, timestamp), (6, timestamp), (8, Message()));
        var failed = Message((1, Text("sha256:bb")), (3, Text("[3/3] RUN test")), (5, timestamp), (7, Text("exit code: 3")));
        var log = Message((1, Text("sha256:bb")), (2, timestamp), (3, Varint(2)), (4, Text("one\ntwo\n")));
        var status = Message((1, vertex), (1, failed), (2, Message((1, Text("x")))), (3, log), (9, Varint(7)));

        var parsed = BuildKitStatus.Parse(status.Bytes);

        Assert.That(parsed.Vertexes, Is.EqualTo(new[]
        {
            new BuildKitVertex("sha256:aa", "[2/2] RUN make", true, true, true, ""),
            new BuildKitVertex("sha256:bb", "[3/3] RUN test", false, true, false, "exit code: 3"),
        }));
        Assert.That(parsed.Logs, Is.EqualTo(new[] { new BuildKitLog("sha256:bb", "one\ntwo\n") }));
    }

    [TestCase(new byte[] { 0x0A, 0x05, 0x01 }, TestName = "A length past the end is refused")]
    [TestCase(new byte[] { 0x08, 0x80 }, TestName = "A varint cut short is refused")]
    [TestCase(new byte[] { 0x0B }, TestName = "A wire type BuildKit does not use (groups) is refused")]
    public void A_message_that_is_not_protocol_buffers_is_refused(byte[] message)
    {
        Assert.Throws<FormatException>(() => BuildKitStatus.Parse(message));
    }

    [Test]
    public void The_answer_logs_each_step_once_with_its_output_and_gives_the_image_id()
    {
        var logged = new List<string>();
        var progress = new BuildProgress((_, line) => logged.Add(line));
        var timestamp = Message((1, Varint(1)));
        var started = Message((1, Message((1, Text("sha256:aa")), (3, Text("[2/2] RUN make")), (5, timestamp))));
        var output = Message((3, Message((1, Text("sha256:aa")), (4, Text("built\n")))));
        var cached = Message((1, Message((1, Text("sha256:bb")), (3, Text("[1/2] FROM base")), (4, Varint(1)), (5, timestamp), (6, timestamp))));

        progress.Read(Trace(cached));
        progress.Read(Trace(started));
        progress.Read(Trace(started));
        progress.Read(Trace(output));
        progress.Read("{\"stream\":\"Successfully tagged app\\n\"}");
        progress.Read("{\"aux\":{\"ID\":\"sha256:1234\"},\"id\":\"moby.image.id\"}");

        Assert.That(logged, Is.EqualTo(new[] { "[1/2] FROM base (cached)", "[2/2] RUN make", "  built", "Successfully tagged app" }));
        Assert.That((progress.ImageId, progress.Error), Is.EqualTo(("sha256:1234", (string?)null)));
    }

    [Test]
    public void A_failure_names_the_step_and_quotes_its_last_fifteen_lines()
    {
        var progress = new BuildProgress((_, _) => { });
        var step = Message((1, Message((1, Text("sha256:cc")), (3, Text("[3/3] RUN ./test")), (7, Text("exit code: 2")))));
        var lines = string.Concat(Enumerable.Range(1, 20).Select(i => $"line {i}\n"));

        progress.Read(Trace(Message((3, Message((1, Text("sha256:cc")), (4, Text(lines)))))));
        progress.Read(Trace(step));
        progress.Read("{\"errorDetail\":{\"message\":\"executor failed running [/bin/sh -c ./test]: exit code: 2\"},\"error\":\"x\"}");

        var message = progress.Describe(progress.Error!, "app:1.0-arm32v7", CpuArchitecture.Arm32V7, "/src/Dockerfile");
        Assert.That(message, Does.StartWith("Building app:1.0-arm32v7 for linux/arm/v7 (BuildKit through the Engine API) failed: executor failed running [/bin/sh -c ./test]: exit code: 2")
            .And.Contain("The failing step: [3/3] RUN ./test")
            .And.Contain("  line 6" + Environment.NewLine).And.Contain("  line 20")
            .And.Not.Contain("line 5" + Environment.NewLine)
            .And.EndWith("Fix the step in /src/Dockerfile; to compare with the classic builder, set BuildMethod = BuildMethod.DockerCli."));
    }

    [TestCase("not json", TestName = "A line that is not JSON is refused")]
    [TestCase("{\"id\":\"moby.buildkit.trace\",\"aux\":\"not base64!\"}", TestName = "A trace that is not base64 is refused")]
    public void An_answer_line_the_add_in_cannot_read_is_refused(string line)
    {
        var progress = new BuildProgress((_, _) => { });

        Assert.That(() => progress.Read(line), Throws.InstanceOf<System.Text.Json.JsonException>().Or.InstanceOf<FormatException>());
    }

    private static string Trace((int Wire, byte[] Bytes) message) =>
        "{\"id\":\"moby.buildkit.trace\",\"aux\":\"" + Convert.ToBase64String(message.Bytes) + "\"}";

    private static (int Wire, byte[] Bytes) Varint(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);

        return (0, bytes.ToArray());
    }

    private static (int Wire, byte[] Bytes) Text(string value) => (2, Encoding.UTF8.GetBytes(value));

    private static (int Wire, byte[] Bytes) Message(params (int Field, (int Wire, byte[] Bytes) Value)[] fields)
    {
        var bytes = new List<byte>();
        foreach (var (field, (wire, value)) in fields)
        {
            bytes.AddRange(Varint((ulong)((field << 3) | wire)).Bytes);
            if (wire == 2)
            {
                bytes.AddRange(Varint((ulong)value.Length).Bytes);
            }

            bytes.AddRange(value);
        }

        return (2, bytes.ToArray());
    }
}

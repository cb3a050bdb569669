using System.Text;
using System.Text.Json;
using Cake.Core.Diagnostics;

namespace Cake.MultiArch.Building;

/// <summary>Follows one build's messages: logs each step as it starts and its output, keeps what a failure needs.</summary>
/// <param name="log">Writes a line to the architecture's log.</param>
internal sealed class BuildProgress(Action<Verbosity, string> log)
{
    /// <summary>The most output lines of the failing step a failure message quotes.</summary>
    private const int QuotedLines = 15;

    private readonly Dictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string> _started = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<string>> _output = new(StringComparer.Ordinal);
    private string? _failedStep;

    /// <summary>The image the build made, once the daemon has said.</summary>
    public string? ImageId { get; private set; }

    /// <summary>Why the build failed, once the daemon has said.</summary>
    public string? Error { get; private set; }

    /// <summary>Reads one line of the answer: a JSON message.</summary>
    /// <exception cref="JsonException">The line is not JSON.</exception>
    /// <exception cref="FormatException">A BuildKit trace is not base64 or not protocol buffers.</exception>
    public void Read(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return;
        }

        using var document = JsonDocument.Parse(line);
        var message = document.RootElement;
        if (message.TryGetProperty("errorDetail", out var detail) || message.TryGetProperty("error", out detail))
        {
            Error = detail.ValueKind == JsonValueKind.Object && detail.TryGetProperty("message", out var text) ? text.GetString() : detail.GetString();
            Error ??= "the daemon gave no reason";
            return;
        }

        var id = message.TryGetProperty("id", out var idProperty) ? idProperty.GetString() : null;
        if (id == "moby.image.id" && message.TryGetProperty("aux", out var image) && image.TryGetProperty("ID", out var imageId))
        {
            ImageId = imageId.GetString();
        }
        else if (id == "moby.buildkit.trace" && message.TryGetProperty("aux", out var trace) && trace.ValueKind == JsonValueKind.String)
        {
            Follow(BuildKitStatus.Parse(trace.GetBytesFromBase64()));
        }
        else if (message.TryGetProperty("stream", out var stream) && stream.GetString() is { Length: > 0 } streamed)
        {
            foreach (var text in streamed.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                log(Verbosity.Verbose, text);
            }
        }
    }

    /// <summary>The failure message: what failed, the failing step and its last output, and how to go on.</summary>
    public string Describe(string error, string tag, CpuArchitecture architecture, string dockerfile)
    {
        var text = new StringBuilder($"Building {tag} for {architecture.Platform} (BuildKit through the Engine API) failed: {error}");
        if (_failedStep is { } step)
        {
            text.Append($"{Environment.NewLine}The failing step: {_names.GetValueOrDefault(step, step)}");
            if (_output.TryGetValue(step, out var lines) && lines.Count > 0)
            {
                text.Append($"{Environment.NewLine}Its last output:");
                foreach (var line in lines)
                {
                    text.Append(Environment.NewLine + "  " + line);
                }
            }
        }

        text.Append($"{Environment.NewLine}Fix the step in {dockerfile}; to compare with the classic builder, set BuildMethod = BuildMethod.DockerCli.");
        return text.ToString();
    }

    private void Follow(BuildKitStatus status)
    {
        foreach (var vertex in status.Vertexes)
        {
            if (vertex.Name.Length > 0)
            {
                _names[vertex.Digest] = vertex.Name;
            }

            var name = _names.GetValueOrDefault(vertex.Digest, vertex.Digest);
            if (vertex.Error.Length > 0)
            {
                _failedStep ??= vertex.Digest;
                log(Verbosity.Verbose, $"{name}: {vertex.Error}");
            }
            else if (vertex.Completed && vertex.Cached && _started.Add(vertex.Digest))
            {
                log(Verbosity.Verbose, $"{name} (cached)");
            }
            else if (vertex.Started && _started.Add(vertex.Digest))
            {
                log(Verbosity.Verbose, name);
            }
        }

        foreach (var output in status.Logs)
        {
            if (!_output.TryGetValue(output.Vertex, out var lines))
            {
                _output[output.Vertex] = lines = new Queue<string>();
            }

            foreach (var line in output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var trimmed = line.TrimEnd('\r');
                log(Verbosity.Verbose, "  " + trimmed);
                lines.Enqueue(trimmed);
                if (lines.Count > QuotedLines)
                {
                    lines.Dequeue();
                }
            }
        }
    }
}

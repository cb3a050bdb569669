using System.Collections.Concurrent;
using Cake.MultiArch.Docker;

namespace Cake.MultiArch.Tests.Fakes;

/// <summary>
/// An in-process stand-in for docker, for pure unit tests of plans and messages only: it records every command
/// and answers with what a real docker prints for it. Integration tests use the real runner.
/// </summary>
internal sealed class ScriptedDockerRunner : IDockerRunner
{
    private readonly ConcurrentQueue<DockerCommand> _commands = new();

    /// <summary>The commands run so far, in order.</summary>
    public IReadOnlyList<DockerCommand> Commands => [.. _commands];

    /// <summary>The argument lists run so far, each joined by spaces, for readable assertions.</summary>
    public IReadOnlyList<string> CommandLines => Commands.Select(c => string.Join(' ', c.Arguments)).ToArray();

    /// <summary>Commands whose joined arguments contain this text fail with exit code 1 and this standard error.</summary>
    public Dictionary<string, string> Failures { get; } = new(StringComparer.Ordinal);

    /// <summary>Commands whose joined arguments contain this text fail this many times with this standard error, then succeed.</summary>
    public Dictionary<string, (int Times, string Error)> PassingFailures { get; } = new(StringComparer.Ordinal);

    /// <summary>Creates a fake docker that runs in a directory.</summary>
    /// <param name="workingDirectory">Where it runs, as failure messages name it and relative paths resolve.</param>
    public ScriptedDockerRunner(string workingDirectory = "/work") => WorkingDirectory = workingDirectory;

    /// <summary>Where the fake runs.</summary>
    public string WorkingDirectory { get; }

    /// <summary>Each fake is a daemon of its own.</summary>
    public string DaemonKey { get; } = "scripted|" + Guid.NewGuid();

    /// <summary>The fake has no Engine API: every query is a command it records.</summary>
    public DockerEngine? Engine => null;

    /// <summary>The CPU the fake daemon reports.</summary>
    public string DaemonArchitecture { get; set; } = "amd64";

    public Task<DockerResult> RunAsync(DockerCommand command, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _commands.Enqueue(command);
        var line = string.Join(' ', command.Arguments);
        var failure = Failures.FirstOrDefault(f => line.Contains(f.Key, StringComparison.Ordinal));
        lock (PassingFailures)
        {
            var passing = PassingFailures.FirstOrDefault(f => line.Contains(f.Key, StringComparison.Ordinal) && f.Value.Times > 0);
            if (passing.Key is not null)
            {
                PassingFailures[passing.Key] = (passing.Value.Times - 1, passing.Value.Error);
                failure = new KeyValuePair<string, string>(passing.Key, passing.Value.Error);
            }
        }

        DockerResult result = failure.Key is not null
            ? new DockerResult(1, [], [failure.Value], TimeSpan.Zero, "docker " + line)
            : new DockerResult(0, Answer(command.Arguments), [], TimeSpan.Zero, "docker " + line);
        if (!result.Succeeded && command.ThrowOnFailure)
        {
            throw DockerFailure.FromResult(result, DockerFailure.VerbOf(command.Arguments), "/work");
        }

        return Task.FromResult(result);
    }

    private string[] Answer(IReadOnlyList<string> arguments) => arguments switch
    {
        ["version", "--format", "{{.Server.Arch}} {{.Server.APIVersion}}"] => [$"{DaemonArchitecture} 1.41"],
        ["image", "inspect", ..] => ["[" + string.Join(",", arguments.Skip(2).Select(Inspected)) + "]"],
        ["push", var tag] => [$"{tag.Split(':').Last()}: digest: sha256:{Hex(tag)} size: 527"],
        ["manifest", "push", .., var list] => [$"sha256:{Hex("list " + list)}"],
        _ => [],
    };

    // Every image is local, under its own name, as docker's inspect describes it.
    private static string Inspected(string image)
    {
        var tag = image.LastIndexOf(':') > image.LastIndexOf('/') ? image : image + ":latest";
        return $$"""{"Id":"sha256:{{Hex(image)}}","Os":"linux","Architecture":"{{ArchOf(image)}}","RepoTags":["{{tag}}"]}""";
    }

    private static string ArchOf(string image) =>
        image.Contains("arm64", StringComparison.Ordinal) ? "arm64" : image.Contains("arm", StringComparison.Ordinal) ? "arm" : "amd64";

    /// <summary>A stable fake digest for a text.</summary>
    public static string Hex(string text) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)));
}

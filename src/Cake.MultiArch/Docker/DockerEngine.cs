using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Cake.Core.Diagnostics;

namespace Cake.MultiArch.Docker;

/// <summary>
/// Requests to the Docker Engine API over the daemon's unix socket: read-only queries that would otherwise start a
/// docker process each (20-50 ms), and BuildKit builds (<see cref="PostStreamAsync"/>). One HTTP client per socket and
/// process, its connections kept open between requests. Every failure is a <see cref="DockerEngineException"/>, after
/// which query callers ask the docker CLI instead.
/// </summary>
internal sealed class DockerEngine
{
    private static readonly ConcurrentDictionary<string, HttpClient> Clients = new(StringComparer.Ordinal);

    private readonly HttpClient _client;
    private readonly TimeSpan? _timeout;
    private readonly Action<ICakeLog?, Verbosity, string> _write;

    /// <summary>Creates the engine of one runner.</summary>
    /// <param name="socketPath">The daemon's unix socket.</param>
    /// <param name="timeout">How long one request may take; no limit when <see langword="null"/>.</param>
    /// <param name="write">Writes a line to a log (the runner's when <see langword="null"/>), through the runner's lock.</param>
    public DockerEngine(string socketPath, TimeSpan? timeout, Action<ICakeLog?, Verbosity, string> write)
    {
        SocketPath = socketPath;
        _timeout = timeout;
        _write = write;
        _client = Clients.GetOrAdd(socketPath, CreateClient);
    }

    /// <summary>The daemon's unix socket.</summary>
    public string SocketPath { get; }

    /// <summary>The daemon's address, as <c>DOCKER_HOST</c> names it.</summary>
    public string Address => "unix://" + SocketPath;

    /// <summary>Sends <c>GET /<paramref name="path"/></c> and reads the whole answer.</summary>
    /// <param name="path">The path, without a leading slash, its parts already escaped.</param>
    /// <param name="log">Where the request is logged: one architecture's log, or the runner's when <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the request; its cancellation is thrown as is.</param>
    public Task<DockerEngineReply> GetAsync(string path, ICakeLog? log, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, path), log, onLine: null, cancellationToken);

    /// <summary>
    /// Sends <c>POST /<paramref name="path"/></c> with a body and hands each line of the answer to
    /// <paramref name="onLine"/> as it arrives (the build endpoint streams JSON messages, one per line). Cancelling, or
    /// the time limit, closes the connection, which stops the daemon's work.
    /// </summary>
    /// <param name="path">The path and query, without a leading slash, already escaped.</param>
    /// <param name="body">The request body.</param>
    /// <param name="log">Where the request is logged: one architecture's log, or the runner's when <see langword="null"/>.</param>
    /// <param name="onLine">Called with each line of a successful answer.</param>
    /// <param name="cancellationToken">Cancels the request; its cancellation is thrown as is.</param>
    /// <returns>The status and, when it is not 200, the whole body.</returns>
    public Task<DockerEngineReply> PostStreamAsync(string path, HttpContent body, ICakeLog? log, Action<string> onLine, CancellationToken cancellationToken) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, path) { Content = body }, log, onLine, cancellationToken);

    /// <summary>
    /// Sends a request within the time limit. Without <paramref name="onLine"/> the whole answer is read; with it, a
    /// 200 answer is handed over line by line as it arrives.
    /// </summary>
    private async Task<DockerEngineReply> SendAsync(HttpRequestMessage request, ICakeLog? log, Action<string>? onLine, CancellationToken cancellationToken)
    {
        using var message = request;
        var path = request.RequestUri!.OriginalString;
        Log(log, Verbosity.Verbose, $"> {request.Method} /{path[..(path.IndexOf('?') is var query and >= 0 ? query : path.Length)]} (Engine API)");
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (_timeout is { } timeout)
        {
            limit.CancelAfter(timeout);
        }

        var watch = Stopwatch.StartNew();
        try
        {
            var completion = onLine is null ? HttpCompletionOption.ResponseContentRead : HttpCompletionOption.ResponseHeadersRead;
            using var response = await _client.SendAsync(message, completion, limit.Token).ConfigureAwait(false);
            if (onLine is null || response.StatusCode != System.Net.HttpStatusCode.OK)
            {
                return new DockerEngineReply((int)response.StatusCode, await response.Content.ReadAsStringAsync(limit.Token).ConfigureAwait(false), watch.Elapsed);
            }

            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(limit.Token).ConfigureAwait(false));
            while (await reader.ReadLineAsync(limit.Token).ConfigureAwait(false) is { } line)
            {
                onLine(line);
            }

            return new DockerEngineReply(200, "", watch.Elapsed);
        }
        catch (Exception exception) when (exception is OperationCanceledException or HttpRequestException or IOException or SocketException or InvalidOperationException)
        {
            // The caller's cancellation stays a cancellation, whatever the transport made of it; the time limit and
            // transport failures are the engine's. The innermost message names the cause (a request body that could
            // not be read shows as "Error while copying content to a stream" otherwise).
            if (cancellationToken.IsCancellationRequested)
            {
                if (exception is OperationCanceledException)
                {
                    throw;
                }

                throw new OperationCanceledException(exception.Message, exception, cancellationToken);
            }

            throw limit.IsCancellationRequested
                ? new DockerEngineException($"no answer within {_timeout}") { TimedOut = true }
                : new DockerEngineException(exception.GetBaseException().Message, exception);
        }
    }

    /// <summary>
    /// Runs a query against the API; <see langword="null"/> when it failed in any way (the caller then asks the docker
    /// CLI, whose messages name the cause), after one verbose line saying why.
    /// </summary>
    /// <typeparam name="T">What the query answers.</typeparam>
    /// <param name="what">What the query does, for the log: "inspect the images".</param>
    /// <param name="log">Where the line is logged: one architecture's log, or the runner's when <see langword="null"/>.</param>
    /// <param name="query">The query; throws <see cref="DockerEngineException"/> or <see cref="JsonException"/> on an answer it cannot use.</param>
    public async Task<T?> TryAsync<T>(string what, ICakeLog? log, Func<DockerEngine, Task<T>> query)
        where T : class
    {
        try
        {
            return await query(this).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is DockerEngineException or JsonException)
        {
            Log(log, Verbosity.Verbose, $"The Engine API at {Address} did not {what} ({exception.Message}); asking docker instead.");
            return null;
        }
    }

    /// <summary>Writes a line to a log, through the runner's lock.</summary>
    /// <param name="log">One architecture's log, or the runner's when <see langword="null"/>.</param>
    /// <param name="verbosity">The verbosity.</param>
    /// <param name="line">The line.</param>
    public void Log(ICakeLog? log, Verbosity verbosity, string line) => _write(log, verbosity, line);

    private static HttpClient CreateClient(string socketPath)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                try
                {
                    await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancellationToken).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
            UseProxy = false,
        };

        // The host name is never resolved: every connection is the socket. Time limits are the caller's.
        return new HttpClient(handler) { BaseAddress = new Uri("http://docker/"), Timeout = Timeout.InfiniteTimeSpan };
    }
}

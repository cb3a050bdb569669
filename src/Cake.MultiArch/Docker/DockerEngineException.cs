using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Cake.Core.Diagnostics;

namespace Cake.MultiArch.Docker;

/// <summary>The Engine API could not answer a request as expected; the caller asks the docker CLI instead.</summary>
internal sealed class DockerEngineException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">Why the request failed.</param>
    /// <param name="inner">The underlying failure, if any.</param>
    public DockerEngineException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }

    /// <summary>Whether the request was stopped by the runner's time limit (<c>ToolTimeout</c>).</summary>
    public bool TimedOut { get; init; }
}

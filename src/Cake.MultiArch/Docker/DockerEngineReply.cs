using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using Cake.Core.Diagnostics;

namespace Cake.MultiArch.Docker;

/// <summary>What the Engine API answered to one request.</summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="Body">The response body.</param>
/// <param name="Duration">How long the request took.</param>
internal sealed record DockerEngineReply(int Status, string Body, TimeSpan Duration);

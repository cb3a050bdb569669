using System.Net;
using System.Text;

namespace Cake.MultiArch.Tests.Registry;

/// <summary>An in-process HTTP handler that answers with a script and records what it was sent, for pure protocol tests.</summary>
internal sealed class ScriptedRegistryHandler(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
{
    public List<(HttpMethod Method, Uri Uri, string? Authorization, string? Body)> Requests { get; } = [];

    public static HttpResponseMessage Json(HttpStatusCode status, string json, string mediaType = "application/json")
    {
        var response = new HttpResponseMessage(status) { Content = new ByteArrayContent(Encoding.UTF8.GetBytes(json)) };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", mediaType);
        return response;
    }

    public static HttpResponseMessage Challenge(string header)
    {
        var response = Json(HttpStatusCode.Unauthorized, """{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}""");
        response.Headers.TryAddWithoutValidation("WWW-Authenticate", header);
        return response;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Add((request.Method, request.RequestUri!, request.Headers.Authorization?.ToString(), body));
        return answer(request);
    }
}

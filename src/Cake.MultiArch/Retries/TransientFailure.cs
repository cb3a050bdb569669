namespace Cake.MultiArch.Retries;

/// <summary>Tells failures worth retrying (the registry was briefly away or overloaded) from final ones.</summary>
internal static class TransientFailure
{
    private static readonly (string Needle, string Cause)[] Transient =
    [
        ("connection refused", "connection refused"),
        ("connection reset", "connection reset"),
        ("broken pipe", "connection broken"),
        ("unexpected EOF", "connection closed early"),
        // Go's net/http reports a connection the server dropped mid-request as `Put "URL": EOF`.
        ("\": EOF", "connection closed early"),
        ("TLS handshake timeout", "TLS handshake timeout"),
        ("i/o timeout", "network timeout"),
        ("context deadline exceeded", "network timeout"),
        ("502 Bad Gateway", "HTTP 502"),
        ("503 Service Unavailable", "HTTP 503"),
        ("504 Gateway Timeout", "HTTP 504"),
        ("500 Internal Server Error", "HTTP 500"),
        ("429 Too Many Requests", "HTTP 429"),
        ("toomanyrequests", "HTTP 429"),
        ("status 500", "HTTP 500"),
        ("status 502", "HTTP 502"),
        ("status 503", "HTTP 503"),
        ("status 429", "HTTP 429"),
    ];

    private static readonly string[] Final =
    [
        "unauthorized", "authentication required", "denied", "manifest unknown", "name unknown", "no such manifest",
        "invalid reference", "invalid tag", "not found", "no such host", "server gave HTTP response to HTTPS client",
    ];

    /// <summary>A short cause when the failure is transient, else <see langword="null"/>.</summary>
    /// <param name="exception">The failure.</param>
    public static string? Cause(MultiArchException exception)
    {
        var text = exception.Message + "\n" + string.Join('\n', exception.StandardErrorTail);
        if (exception.TransientCause is { } known)
        {
            return known;
        }

        if (Final.Any(f => text.Contains(f, StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        return Transient.FirstOrDefault(t => text.Contains(t.Needle, StringComparison.OrdinalIgnoreCase)).Cause;
    }
}

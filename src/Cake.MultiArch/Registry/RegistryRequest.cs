namespace Cake.MultiArch.Registry;

/// <summary>
/// One call of the registry API, described as data so that it can be sent again: after an authentication
/// challenge now, and by a retry policy later.
/// </summary>
/// <param name="Method">The HTTP method.</param>
/// <param name="Path">The path below the registry's base address, such as <c>v2/team/app/manifests/1.0</c>.</param>
/// <param name="Operation">What the call does, for messages: <c>Reading manifest</c>.</param>
internal sealed record RegistryRequest(HttpMethod Method, string Path, string Operation)
{
    /// <summary>The repository the call is about, or <see langword="null"/> for registry-wide calls.</summary>
    public string? Repository { get; init; }

    /// <summary>The tag or digest the call is about, or <see langword="null"/>.</summary>
    public string? Reference { get; init; }

    /// <summary>Whether the call writes to the repository, and so needs the <c>push</c> action in its token scope.</summary>
    public bool Push { get; init; }

    /// <summary>The media types to accept, most preferred first.</summary>
    public IReadOnlyList<string> Accept { get; init; } = [];

    /// <summary>The body to send, or <see langword="null"/>.</summary>
    public byte[]? Content { get; init; }

    /// <summary>The media type of <see cref="Content"/>.</summary>
    public string? ContentType { get; init; }

    /// <summary>
    /// For a cross-repository blob mount, the repository the blob is mounted from: the call then also needs
    /// <c>pull</c> on it, so its token must cover both repositories.
    /// </summary>
    public string? MountFrom { get; init; }

    /// <summary>A body read once as it is sent (a blob streamed from another registry), or <see langword="null"/>.</summary>
    public Stream? Upload { get; init; }

    /// <summary>The length of <see cref="Upload"/> in bytes.</summary>
    public long UploadLength { get; init; }

    /// <summary>Whether the answer's body is read as a stream by the caller, not buffered when the headers arrive.</summary>
    public bool StreamResponse { get; init; }

    /// <summary>
    /// The token scopes the call needs: <c>repository:team/app:pull</c> (with <c>push</c> for writes, and a
    /// <c>pull</c> scope on <see cref="MountFrom"/> for a mount); empty for registry-wide calls.
    /// </summary>
    public IReadOnlyList<string> Scopes =>
        Repository is null ? []
        : MountFrom is null || MountFrom == Repository ? [$"repository:{Repository}:{(Push ? "pull,push" : "pull")}"]
        : [$"repository:{Repository}:{(Push ? "pull,push" : "pull")}", $"repository:{MountFrom}:pull"];

    /// <summary>The scopes as one text, the key under which a token for them is kept; <see langword="null"/> for registry-wide calls.</summary>
    public string? Scope => Repository is null ? null : string.Join(' ', Scopes);

    /// <summary>What the call is about, for messages: <c>team/app:1.0</c>, <c>team/app@sha256:...</c> or <c>team/app</c>.</summary>
    public string Target =>
        Repository is null ? "" : Reference is null ? Repository : Images.ImageReference.IsDigest(Reference) ? $"{Repository}@{Reference}" : $"{Repository}:{Reference}";
}

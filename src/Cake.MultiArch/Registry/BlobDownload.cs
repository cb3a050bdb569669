namespace Cake.MultiArch.Registry;

/// <summary>A blob being read from a registry: its bytes as a stream, read as they arrive. Dispose it to close the connection.</summary>
internal sealed class BlobDownload : IDisposable
{
    private readonly HttpResponseMessage _response;

    /// <summary>Wraps an answer whose headers have arrived and whose body is still to be read.</summary>
    /// <param name="response">The registry's answer.</param>
    /// <param name="content">Its body's stream.</param>
    public BlobDownload(HttpResponseMessage response, Stream content)
    {
        _response = response;
        Content = content;
    }

    /// <summary>The blob's bytes, as they arrive.</summary>
    public Stream Content { get; }

    /// <summary>The length the registry stated, or <see langword="null"/>.</summary>
    public long? Length => _response.Content.Headers.ContentLength;

    /// <inheritdoc/>
    public void Dispose()
    {
        Content.Dispose();
        _response.Dispose();
    }
}

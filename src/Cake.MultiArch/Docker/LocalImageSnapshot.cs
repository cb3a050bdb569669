namespace Cake.MultiArch.Docker;

/// <summary>
/// What a pipeline knows of its local images: read for every arch in one <c>docker image inspect</c> at the start,
/// then kept current by the steps that tag or build (each tells it what it changed), so that an incremental run starts
/// one docker process where it would start one per step.
/// </summary>
internal sealed class LocalImageSnapshot
{
    private readonly Dictionary<string, LocalImage?> _images = new(StringComparer.Ordinal);

    /// <summary>The images of every name, when all are known; else <see langword="null"/>.</summary>
    /// <param name="names">The image names.</param>
    public IReadOnlyDictionary<string, LocalImage?>? TryGetAll(IReadOnlyList<string> names)
    {
        lock (_images)
        {
            return names.All(_images.ContainsKey)
                ? names.Distinct(StringComparer.Ordinal).ToDictionary(n => n, n => _images[n], StringComparer.Ordinal)
                : null;
        }
    }

    /// <summary>Keeps what docker answered for these names (<see langword="null"/>: no such local image).</summary>
    /// <param name="images">The answers.</param>
    public void Remember(IReadOnlyDictionary<string, LocalImage?> images)
    {
        lock (_images)
        {
            foreach (var (name, image) in images)
            {
                _images[name] = image;
            }
        }
    }

    /// <summary>Forgets a name whose image a step changed in a way it cannot describe; the next look asks docker.</summary>
    /// <param name="name">The image name.</param>
    public void Forget(string name)
    {
        lock (_images)
        {
            _images.Remove(name);
        }
    }
}

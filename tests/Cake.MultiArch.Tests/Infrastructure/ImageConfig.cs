namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>The platform fields of an image's config blob: what the image says it was built for.</summary>
/// <param name="Os">The <c>os</c> field.</param>
/// <param name="Architecture">The <c>architecture</c> field.</param>
/// <param name="Variant">The <c>variant</c> field, or <see langword="null"/>.</param>
/// <param name="Json">The raw config blob.</param>
public sealed record ImageConfig(string Os, string Architecture, string? Variant, string Json)
{
    /// <summary>The platform as docker writes it: <c>linux/arm/v7</c>, <c>linux/amd64</c>.</summary>
    public string Platform => Variant is null ? $"{Os}/{Architecture}" : $"{Os}/{Architecture}/{Variant}";
}

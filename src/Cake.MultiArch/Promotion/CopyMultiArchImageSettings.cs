namespace Cake.MultiArch;

/// <summary>
/// Settings for <c>CopyMultiArchImage</c>. Both registries are reached as every alias reaches one: credentials
/// docker stored for each (<c>MultiArchLogin</c>, <c>ConfigDirectory</c>), <c>Insecure</c>, <c>RegistryCaCertificate</c>
/// (a PEM file may hold the CAs of both registries) and <c>Retry</c>.
/// </summary>
public class CopyMultiArchImageSettings : MultiArchToolSettings
{
    /// <summary>More tags of the target repository to point at the copy, such as <c>latest</c>; each is written after the target tag.</summary>
    public IList<string> ExtraTags { get; set; } = new List<string>();
}

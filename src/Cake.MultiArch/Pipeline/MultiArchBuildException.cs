using System.Text;

namespace Cake.MultiArch;

/// <summary>A <c>MultiArchBuild</c> that did not complete: which architectures succeeded, which failed and why. No manifest list was pushed.</summary>
public sealed class MultiArchBuildException : MultiArchException
{
    private MultiArchBuildException(string message, MultiArchBuildResult result, Exception? cause)
        : base(message, cause)
    {
        Result = result;
    }

    /// <summary>The per-architecture results as far as the pipeline got.</summary>
    public MultiArchBuildResult Result { get; }

    internal static MultiArchBuildException For(MultiArchBuildResult result, Exception? manifestError)
    {
        var failed = result.Architectures.Where(a => a.Status != ArchBuildStatus.Succeeded).ToArray();
        var message = new StringBuilder();
        if (failed.Length > 0)
        {
            message.Append("MultiArchBuild of ").Append(result.Image).Append(':').Append(result.Tag).Append(" failed for ")
                .Append(string.Join(", ", failed.Select(a => a.Architecture.Name)))
                .Append("; no manifest list was pushed.");
        }
        else
        {
            message.Append("MultiArchBuild of ").Append(result.Image).Append(':').Append(result.Tag)
                .Append(" built and pushed every architecture, but the manifest list failed or did not verify: ").Append(manifestError?.Message);
        }

        var succeeded = result.Architectures.Where(a => a.Status == ArchBuildStatus.Succeeded).Select(a => a.Architecture.Name).ToArray();
        message.AppendLine().Append("Succeeded: ").Append(succeeded.Length == 0 ? "none" : string.Join(", ", succeeded));
        foreach (var arch in failed)
        {
            message.AppendLine().Append(arch.Architecture.Name).Append(": ")
                .Append(arch.Status == ArchBuildStatus.NotRun ? "not run" : arch.Error);
        }

        var firstError = failed.Select(a => a.Error).FirstOrDefault(e => e is not null);
        return new MultiArchBuildException(message.ToString(), result, manifestError ?? (firstError is null ? null : new MultiArchException(firstError)));
    }
}

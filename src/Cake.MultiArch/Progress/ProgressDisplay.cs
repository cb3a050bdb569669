namespace Cake.MultiArch;

/// <summary>How <c>MultiArchBuild</c> shows its progress.</summary>
public enum ProgressDisplay
{
    /// <summary>A live view on an interactive terminal; plain lines, grouped per arch, on CI or when output is redirected.</summary>
    Auto,

    /// <summary>A live table of each arch's state and elapsed time; docker's output is shown per arch when the run ends.</summary>
    Live,

    /// <summary>Plain lines, each carrying its arch; on CI each arch's lines form one collapsible group.</summary>
    Plain,
}

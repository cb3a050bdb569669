namespace Cake.MultiArch;

/// <summary>Which layers a registry build cache keeps (BuildKit's <c>mode</c> of <c>--cache-to</c>).</summary>
public enum RegistryCacheMode
{
    /// <summary>Every step's layers, intermediate stages too: what a multi-stage build needs to skip its heavy steps.</summary>
    Max,

    /// <summary>Only the layers of the final image: a smaller cache that skips fewer steps.</summary>
    Min,
}

using System.Text;

namespace Cake.MultiArch.Building;

/// <summary>Output of one step.</summary>
/// <param name="Vertex">The step's digest.</param>
/// <param name="Text">The output, one or more lines.</param>
internal sealed record BuildKitLog(string Vertex, string Text);

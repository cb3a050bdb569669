namespace Cake.MultiArch.Pipeline;

/// <summary>One thing that would make a pipeline fail, found before anything was built.</summary>
/// <param name="Check">What was checked, such as <c>QEMU</c> or <c>Dockerfile</c>.</param>
/// <param name="Problem">What is wrong.</param>
/// <param name="Fix">How to fix it.</param>
internal sealed record PreflightProblem(string Check, string Problem, string Fix)
{
    /// <summary>One line: check, problem and fix.</summary>
    public override string ToString() => $"[{Check}] {Problem} Fix: {Fix}";
}

namespace Cake.MultiArch.Tests.Reliability;

/// <summary>
/// One row of the bad-input table: what a script author gets wrong, and what the add-in must answer with. Every row
/// ends in a <see cref="MultiArchException"/> whose message holds every <see cref="Problem"/> fragment (what is wrong)
/// and every <see cref="Fix"/> fragment (what to do), and leaves the registry as it was.
/// </summary>
/// <param name="Name">A short name, shown as the test's name.</param>
/// <param name="Input">The bad input, as a script author would write it.</param>
/// <param name="Act">Calls the aliases with the bad input.</param>
/// <param name="Problem">Fragments that name the problem.</param>
/// <param name="Fix">Fragments that name the fix.</param>
public sealed record BadInput(string Name, string Input, Action<BadInputScene> Act, string[] Problem, string[] Fix)
{
    /// <summary>The row as the test runner lists it.</summary>
    public override string ToString() => Name;
}

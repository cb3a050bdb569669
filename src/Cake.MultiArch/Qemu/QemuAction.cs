namespace Cake.MultiArch;

/// <summary>What <c>RegisterQemu</c> did for one architecture.</summary>
public enum QemuAction
{
    /// <summary>Nothing: the host runs the architecture's binaries natively.</summary>
    Native,

    /// <summary>Nothing: an enabled binfmt_misc handler was there already.</summary>
    AlreadyRegistered,

    /// <summary>A handler was registered where there was none.</summary>
    Registered,

    /// <summary>The handler was removed and registered again (<c>Reset</c>, or one that pointed elsewhere).</summary>
    ReRegistered,
}

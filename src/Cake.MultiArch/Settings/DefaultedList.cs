using System.Collections.ObjectModel;

namespace Cake.MultiArch.Settings;

/// <summary>
/// A settings list that starts with default items which the first added item replaces. A script's collection
/// initialiser (<c>Architectures = { "arm64v8" }</c>) calls <c>Add</c> on the existing list; without this it would add
/// to the defaults instead of replacing them.
/// </summary>
/// <typeparam name="T">The item type.</typeparam>
internal sealed class DefaultedList<T> : Collection<T>
{
    private bool _holdsDefaults;

    /// <summary>Creates the list holding its defaults.</summary>
    /// <param name="defaults">The items it holds until the first is added.</param>
    public DefaultedList(IEnumerable<T> defaults)
        : base(defaults.ToList())
    {
        _holdsDefaults = true;
    }

    /// <inheritdoc/>
    protected override void InsertItem(int index, T item)
    {
        if (_holdsDefaults)
        {
            _holdsDefaults = false;
            Items.Clear();
            index = 0;
        }

        base.InsertItem(index, item);
    }

    /// <inheritdoc/>
    protected override void ClearItems()
    {
        _holdsDefaults = false;
        base.ClearItems();
    }

    /// <inheritdoc/>
    protected override void RemoveItem(int index)
    {
        _holdsDefaults = false;
        base.RemoveItem(index);
    }

    /// <inheritdoc/>
    protected override void SetItem(int index, T item)
    {
        _holdsDefaults = false;
        base.SetItem(index, item);
    }
}

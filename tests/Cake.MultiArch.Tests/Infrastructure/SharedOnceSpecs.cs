using NUnit.Framework;

namespace Cake.MultiArch.Tests.Infrastructure;

/// <summary>SharedOnce: one making per key for every caller; a failed or refused making is made again.</summary>
[TestFixture]
public sealed class SharedOnceSpecs
{
    [Test]
    public async Task Callers_at_the_same_time_share_one_making()
    {
        var once = new SharedOnce<string, int>();
        var made = 0;
        var gate = new TaskCompletionSource();

        var callers = Enumerable.Range(0, 8).Select(_ => Task.Run(() => once.GetAsync("daemon", async () =>
        {
            Interlocked.Increment(ref made);
            await gate.Task;
            return 42;
        }, CancellationToken.None))).ToArray();
        await Task.Delay(50);
        gate.SetResult();

        Assert.That(await Task.WhenAll(callers), Is.All.EqualTo(42));
        Assert.That(made, Is.EqualTo(1));
    }

    [Test]
    public async Task A_making_that_throws_or_that_keep_refuses_is_made_again_by_the_next_caller()
    {
        var once = new SharedOnce<string, int>();
        var made = 0;
        Task<int> Make() => ++made == 1 ? throw new InvalidOperationException("first fails") : Task.FromResult(made);

        Assert.ThrowsAsync<InvalidOperationException>(() => once.GetAsync("k", Make, CancellationToken.None));
        Assert.That(await once.GetAsync("k", Make, CancellationToken.None, keep: v => v > 2), Is.EqualTo(2));
        Assert.That(await once.GetAsync("k", Make, CancellationToken.None, keep: v => v > 2), Is.EqualTo(3));
        Assert.That(await once.GetAsync("k", Make, CancellationToken.None, keep: v => v > 2), Is.EqualTo(3), "kept once it passed");
    }

    [Test]
    public async Task TakeAll_hands_over_every_made_value_once()
    {
        var once = new SharedOnce<string, string>(StringComparer.Ordinal);
        await once.GetAsync("a", () => Task.FromResult("A"), CancellationToken.None);
        await once.GetAsync("b", () => Task.FromResult("B"), CancellationToken.None);

        Assert.That(once.TakeAll(), Is.EquivalentTo(new[] { "A", "B" }));
        Assert.That(once.TakeAll(), Is.Empty);
    }
}

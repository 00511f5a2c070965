using DefectorLens.Core.Codebooks;
using DefectorLens.Core.Storage;
using DefectorLens.Storage.Tests.Support;

namespace DefectorLens.Storage.Tests.Contract;

/// <summary>How a provider makes and reopens projects for the contract suites; one harness per test class instance.</summary>
public interface IStoreHarness : IDisposable
{
    /// <summary>Creates a new, empty project writing with <paramref name="clock"/> as <paramref name="actor"/>.</summary>
    Task<IProjectStore> CreateAsync(string name, Codebook codebook, TimeProvider clock, string actor);

    /// <summary>Opens a project that was created and disposed.</summary>
    Task<IProjectStore> OpenAsync(string location, TimeProvider clock, string actor);
}

/// <summary>What every contract suite shares: a clock, an actor, new and reopened projects, and closing them all afterwards.</summary>
/// <remarks>A provider runs a suite by deriving from it with a way to make its own <see cref="IStoreHarness"/>, which the suite disposes.</remarks>
public abstract class StoreContract(Func<IStoreHarness> createHarness) : IAsyncLifetime
{
    private readonly IStoreHarness _harness = createHarness();

    protected const string Actor = "analyst-a";

    protected static readonly DateTimeOffset Start = new(2015, 9, 30, 12, 0, 0, TimeSpan.Zero);

    private readonly List<IProjectStore> _stores = [];

    internal FakeClock Clock { get; } = new(Start);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }

        _harness.Dispose();
    }

    /// <summary>A new, empty project coding with <paramref name="codebook"/>, closed when the test ends.</summary>
    protected async Task<IProjectStore> NewAsync(string name, Codebook codebook)
    {
        var store = await _harness.CreateAsync(name, codebook, Clock, Actor);
        _stores.Add(store);
        return store;
    }

    /// <summary>Closes a project and opens it again, as a later session would.</summary>
    protected async Task<IProjectStore> ReopenAsync(IProjectStore store)
    {
        await store.DisposeAsync();
        var reopened = await _harness.OpenAsync(store.Location, Clock, Actor);
        _stores.Add(reopened);
        return reopened;
    }
}

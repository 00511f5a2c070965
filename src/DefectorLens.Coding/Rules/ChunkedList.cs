using System.Collections;

namespace DefectorLens.Coding.Rules;

/// <summary>A list that grows like <see cref="List{T}"/> up to a chunk, then by whole chunks that stay off the large-object heap.</summary>
/// <remarks>
/// A long text yields tens of thousands of codings. A plain list would grow arrays past 85 KB, and allocations on the
/// large-object heap bring on full collections: over 4 MiB of text they took about a tenth of the rule coder's time.
/// </remarks>
internal sealed class ChunkedList<T> : IReadOnlyList<T>
{
    // 1,024 items of up to 80 bytes (a coding is 24) stay under the large-object threshold of 85,000 bytes.
    private const int ChunkBits = 10;
    private const int ChunkSize = 1 << ChunkBits;

    private readonly List<T> _first = [];
    private readonly List<T[]> _more = [];

    /// <inheritdoc/>
    public int Count { get; private set; }

    /// <inheritdoc/>
    public T this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)Count, nameof(index));
            return index < ChunkSize ? _first[index] : _more[(index - ChunkSize) >> ChunkBits][(index - ChunkSize) & (ChunkSize - 1)];
        }
    }

    /// <summary>Adds an item at the end.</summary>
    public void Add(T item)
    {
        if (Count < ChunkSize)
        {
            _first.Add(item);
        }
        else
        {
            var inMore = Count - ChunkSize;
            if ((inMore & (ChunkSize - 1)) == 0)
            {
                _more.Add(new T[ChunkSize]);
            }

            _more[^1][inMore & (ChunkSize - 1)] = item;
        }

        Count++;
    }

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}

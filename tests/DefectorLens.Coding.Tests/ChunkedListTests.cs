using DefectorLens.Coding.Rules;

namespace DefectorLens.Coding.Tests;

public sealed class ChunkedListTests
{
    [Fact]
    public void A_list_past_several_chunks_keeps_every_item_in_order()
    {
        var list = new ChunkedList<string>();
        var items = Enumerable.Range(0, 20_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();

        foreach (var item in items)
        {
            list.Add(item);
        }

        list.Count.ShouldBe(20_000);
        list.ShouldBe(items);
        list[1_023].ShouldBe("1023");
        list[1_024].ShouldBe("1024");
        list[19_999].ShouldBe("19999");
        Should.Throw<ArgumentOutOfRangeException>(() => list[20_000]);
    }
}

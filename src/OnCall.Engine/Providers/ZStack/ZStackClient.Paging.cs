using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Json;

namespace OnCall.Engine.Providers.ZStack;

internal sealed partial class ZStackClient
{
    // A bound on pages, so that no answer can keep a list going for ever (PageSize x this = 1 million items).
    internal const int MaxPages = 5000;

    /// <summary>
    /// Reads a list page by page with limit/offset. ZStack documents neither for schedules or alert events
    /// (zstack.md 1.2, 2.1), so nothing is trusted: an empty page ends it, a page shorter than the size asked
    /// (or than a smaller limit the server echoes) ends it unless a total says more remain, a page longer than
    /// the size asked is the whole list, an item already read is dropped, and a page that starts again with the
    /// first page's first item means the server ignores offset: OffsetIgnored, rather than loop or repeat items.
    /// <paramref name="onPage"/> gets the new items of each page, as <paramref name="read"/> makes them, and returns false to stop.
    /// </summary>
    private async Task PageAsync<T>(Func<int, ApiRequest> request, string what, Func<JsonElement, T> read, Func<IReadOnlyList<T>, bool> onPage, IOperationSink sink, CancellationToken cancellationToken)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? firstUuid = null;
        var offset = 0;
        for (var page = 0; page < MaxPages; page++)
        {
            using var document = await _client.SendAsync(request(offset), sink, cancellationToken).ConfigureAwait(false);
            var items = document.RequireObjects("items");
            if (items.Count == 0)
            {
                return;
            }

            var first = items[0].Str("uuid");
            if (page == 0)
            {
                firstUuid = first;
            }
            else if (first is not null && string.Equals(first, firstUuid, StringComparison.Ordinal))
            {
                throw OffsetIgnored(what, offset);
            }

            var fresh = new List<JsonElement>(items.Count);
            foreach (var item in items)
            {
                // Offset paging over a list that changes in between can show an item twice: once is enough.
                if (item.Str("uuid") is not { } uuid || seen.Add(uuid))
                {
                    fresh.Add(item);
                }
            }

            if (!onPage(document.Interpret(_ => fresh.Select(read).ToList())))
            {
                return;
            }

            offset += items.Count;
            if (items.Count > PageSize)
            {
                // The server ignored the limit: this was everything.
                return;
            }

            var echoed = document.RootElement.Int("limit");
            var pageSize = echoed is > 0 && echoed.Value < PageSize ? echoed.Value : PageSize;
            var total = document.RootElement.Int("total");
            if ((total is { } t && offset >= t) || (items.Count < pageSize && total is null))
            {
                return;
            }
        }

        throw new OnCallException(
            OnCallErrorKind.InvalidData,
            "PagingRunaway",
            string.Format(CultureInfo.InvariantCulture, "ZStack kept answering pages of {0} after {1} pages; the list was not read to its end.", what, MaxPages),
            Provider);
    }

    private OnCallException OffsetIgnored(string what, int offset) => new(
        OnCallErrorKind.InvalidData,
        "OffsetIgnored",
        string.Format(CultureInfo.InvariantCulture, "ZStack answered the page of {0} at offset {1} with the first page again: this server ignores 'offset', so the list cannot be read past its first page without repeating it.", what, offset),
        Provider,
        what)
    {
        RecommendedAction = "Narrow the request (a schedule by its uuid is read directly; events by status), or ask the ZStack administrators how this version pages the list.",
    };
}

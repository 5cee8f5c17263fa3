using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;
using OnCall.Engine.Json;

namespace OnCall.Engine.Providers.Datadog;

internal sealed partial class DatadogClient
{
    // A list longer than this many pages is an error, never a silent cut: 1000 pages of 100 is far beyond
    // any on-call organisation, and a server that ignores page[number] is caught before (repeated first id).
    private const int MaxPages = 1000;

    /// <summary>
    /// Every page of a JSON:API list (page[size]=100, page[number] from 0), handed to <paramref name="onPage"/>
    /// with its resources. Datadog's own paging is followed where the answer has it: meta.page.next_number
    /// (schedules), links.next (teams), the meta totals; without any, pages are read until an empty one,
    /// since a server may cap page[size] below what was asked (the recorded lists came back with 10 and 20
    /// items and no meta): a short page is no proof of the end.
    /// </summary>
    private async Task ReadAllPagesAsync(Func<ApiRequest> request, Action<ApiResponse, List<JsonElement>> onPage, IOperationSink sink, CancellationToken cancellationToken)
    {
        var number = 0;
        var collected = 0L;
        string? firstOfFirstPage = null;
        var firstPageCount = 0;
        for (var read = 0; read < MaxPages; read++)
        {
            var pageRequest = request()
                .WithQuery("page[size]", PageSize.ToString(CultureInfo.InvariantCulture))
                .WithQuery("page[number]", number.ToString(CultureInfo.InvariantCulture));
            using var document = await GetAsync(pageRequest, sink, cancellationToken).ConfigureAwait(false);
            var data = Data(document);
            if (data.Count == 0)
            {
                return;
            }

            var first = data[0].Str("id");
            if (read == 0)
            {
                firstOfFirstPage = first;
                firstPageCount = data.Count;
            }
            else if (first is not null && string.Equals(first, firstOfFirstPage, StringComparison.Ordinal))
            {
                // The first page again: the server ignores page[number]. A first page shorter than asked most
                // likely held everything (said, not silent); a full one surely did not.
                if (firstPageCount < PageSize)
                {
                    sink.WriteWarning(string.Format(CultureInfo.InvariantCulture, "Datadog ignored page[number] on {0}; the {1} item(s) of its first page are taken as the whole list.", pageRequest.Path, firstPageCount));
                    return;
                }

                throw new OnCallException(
                    OnCallErrorKind.InvalidData,
                    "PagingIgnored",
                    string.Format(CultureInfo.InvariantCulture, "Datadog answered page {0} of {1} with the first page again: it ignores page[number], so the list cannot be read whole.", number, pageRequest.Path),
                    Provider);
            }

            onPage(document, data);
            collected += data.Count;
            var root = document.RootElement;
            var meta = root.Prop("meta");
            var page = meta?.Prop("page");
            if (page is { } p && p.Prop("next_number") is { } next)
            {
                // Schedules: meta.page.next_number, null on the last page.
                if (next.ValueKind != JsonValueKind.Number || !next.TryGetInt32(out var nextNumber) || nextNumber <= number)
                {
                    return;
                }

                number = nextNumber;
                continue;
            }

            if (root.Prop("links") is { ValueKind: JsonValueKind.Object } links && links.TryGetProperty("next", out var nextLink))
            {
                // Teams: links.next, null (or absent) on the last page.
                if (nextLink.ValueKind != JsonValueKind.String)
                {
                    return;
                }

                number++;
                continue;
            }

            var total = page?.Long("total") ?? meta?.Prop("pagination")?.Long("total") ?? page?.Long("total_filtered_count");
            if (total is { } t && collected >= t)
            {
                return;
            }

            number++;
        }

        throw new OnCallException(
            OnCallErrorKind.InvalidData,
            "TooManyPages",
            string.Format(CultureInfo.InvariantCulture, "Datadog's list {0} went on for more than {1} pages; stopped rather than read without end.", request().Path, MaxPages),
            Provider);
    }
}

using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using OnCall.Emulator.Infrastructure;

namespace OnCall.Emulator.Datadog;

/// <summary>page[size]/page[number] as Datadog's lists take them, with a server-side cap.</summary>
internal static class DdPaging
{
    /// <summary>
    /// GUESS: the largest page the emulator serves, whatever page[size] asks. Datadog documents a maximum
    /// of 100 (schedules) and its recorded lists came back with 10 and 20 items when nothing was asked;
    /// that it may cap below the asked size is not documented. The emulator caps at 7 so that a client
    /// that stops on a page shorter than it asked for is caught by the tests.
    /// </summary>
    public const int ServerCap = 7;

    /// <summary>The page asked for: size (default <paramref name="defaultSize"/>, then capped) and number from 0.</summary>
    public static (int Size, int Number) Read(HttpContext context, int defaultSize)
    {
        var size = Math.Clamp(Http.Int(context.Query("page[size]")) ?? defaultSize, 1, ServerCap);
        var number = Math.Max(0, Http.Int(context.Query("page[number]")) ?? 0);
        return (size, number);
    }

    public static List<T> Slice<T>(IReadOnlyCollection<T> all, (int Size, int Number) page) =>
        all.Skip(page.Size * page.Number).Take(page.Size).ToList();

    /// <summary>
    /// meta.page as the schedules list documents it (first/last/next/prev number, size, total, type;
    /// next_number and prev_number null at the ends). Its use on other lists is a GUESS.
    /// </summary>
    public static JsonObject NumberMeta(int total, (int Size, int Number) page)
    {
        var last = Math.Max(0, (total - 1) / page.Size);
        return new JsonObject
        {
            ["page"] = new JsonObject
            {
                ["first_number"] = 0,
                ["last_number"] = last,
                ["next_number"] = page.Number < last ? page.Number + 1 : null,
                ["number"] = page.Number,
                ["prev_number"] = page.Number > 0 ? page.Number - 1 : null,
                ["size"] = page.Size,
                ["total"] = total,
                ["type"] = "number_size",
            },
        };
    }

    /// <summary>
    /// The teams list's offset-style meta.pagination and its links (the published TeamsResponseMetaPagination
    /// and TeamsResponseLinks); links.next is null on the last page (GUESS: the models allow null for last
    /// and prev only; an absent next would end the list the same way).
    /// </summary>
    public static (JsonObject Meta, JsonObject Links) OffsetMetaAndLinks(HttpContext context, int total, (int Size, int Number) page)
    {
        var offset = page.Size * page.Number;
        var lastOffset = Math.Max(0, (total - 1) / page.Size * page.Size);
        var meta = new JsonObject
        {
            ["pagination"] = new JsonObject
            {
                ["first_offset"] = 0,
                ["last_offset"] = lastOffset,
                ["limit"] = page.Size,
                ["next_offset"] = offset + page.Size,
                ["offset"] = offset,
                ["prev_offset"] = Math.Max(0, offset - page.Size),
                ["total"] = total,
                ["type"] = "offset_limit",
            },
        };
        string Link(int number) => context.Request.Path + "?page[number]=" + number + "&page[size]=" + page.Size;
        var links = new JsonObject
        {
            ["first"] = Link(0),
            ["last"] = Link(lastOffset / page.Size),
            ["next"] = offset + page.Size < total ? Link(page.Number + 1) : null,
            ["prev"] = page.Number > 0 ? Link(page.Number - 1) : null,
            ["self"] = Link(page.Number),
        };
        return (meta, links);
    }
}

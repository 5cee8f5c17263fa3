using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Json;
using OnCall.Engine.Http;
using OnCall.Engine.Providers.VictorOps.Dtos;
using OnCall.Engine.Operations;
using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.VictorOps;

internal sealed partial class VictorOpsClient
{
    private const string DefaultOverrideTimeZone = "Etc/UTC";

    /// <summary>
    /// Scheduled overrides: one by <see cref="OverrideQuery.Id"/>, or all of them filtered by User
    /// (the absent or the covering user, wildcards), Schedule (policy, wildcards) and the window.
    /// </summary>
    public async Task GetOverridesAsync(OverrideQuery query, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        if (!string.IsNullOrWhiteSpace(query.Id))
        {
            var id = query.Id!.Trim();
            using var document = await SendAsync(new ApiRequest("GET", PathOf(PublicApi + "/v1/overrides/{0}", id)), sink, cancellationToken, ex => OverrideNotFound(id, ex)).ConfigureAwait(false);
            var element = OverrideElement(document.RootElement) ?? throw MalformedOverride(document);
            var item = MapOverride(element);
            if (!element.TryProp("assignments", out var assignments) || assignments.ValueKind != JsonValueKind.Array)
            {
                // Some answers leave the assignments out; they have their own endpoint (a bare array).
                using var assignmentDocument = await SendAsync(new ApiRequest("GET", PathOf(PublicApi + "/v1/overrides/{0}/assignments", id)), sink, cancellationToken).ConfigureAwait(false);
                foreach (var assignment in VictorOpsJson.List(assignmentDocument, "assignments"))
                {
                    item.Assignments.Add(MapAssignment(VictorOpsJson.Bind<OverrideAssignmentDto>(assignment, "an override assignment")));
                }

                SummariseAssignments(item);
            }

            sink.WriteObject(item);
            return;
        }

        using var list = await SendAsync(new ApiRequest("GET", PublicApi + "/v1/overrides"), sink, cancellationToken).ConfigureAwait(false);
        foreach (var element in VictorOpsJson.List(list, "overrides"))
        {
            var item = MapOverride(element);
            if (!string.IsNullOrWhiteSpace(query.User)
                && !Wildcard.IsMatch(item.OriginalUser, query.User!)
                && !item.Assignments.Any(a => Wildcard.IsMatch(a.User, query.User!)))
            {
                continue;
            }

            if (!string.IsNullOrWhiteSpace(query.Schedule) && !item.Assignments.Any(a => Wildcard.IsMatch(a.Policy, query.Schedule!)))
            {
                continue;
            }

            if ((query.Start is { } start && item.End is { } end && end <= start)
                || (query.End is { } windowEnd && item.Start is { } itemStart && itemStart >= windowEnd))
            {
                continue;
            }

            sink.WriteObject(item);
        }
    }

    /// <summary>
    /// Without Start and End: take on-call now (PATCH /v1/policies/{policy}/oncall/user), User
    /// replacing OriginalUser (or whoever is on call for the policy). With both: a scheduled override
    /// (POST /v1/overrides) for OriginalUser's absence (default: the connection's user), then User
    /// assigned (PUT .../assignments/{policy}) on the requested policy, or every policy of the
    /// absence when none is named. Writes the resulting Override.
    /// </summary>
    public async Task SetOverrideAsync(OverrideRequest request, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        if (request.Start is null && request.End is null)
        {
            await TakeOnCallAsync(request, sink, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (request.Start is not { } start || request.End is not { } end)
        {
            throw InvalidArgument("InvalidWindow", "A scheduled override needs both a start and an end; give neither to take on-call now.");
        }

        if (end <= start)
        {
            throw InvalidArgument("InvalidWindow", string.Format(CultureInfo.InvariantCulture, "The override ends ({0:u}) before it starts ({1:u}).", end.ToUniversalTime(), start.ToUniversalTime()));
        }

        var absent = RequireUser(request.OriginalUser, "is away (the absent user of a scheduled override)");
        var cover = string.IsNullOrWhiteSpace(request.User) ? null : request.User.Trim();

        // Resolve names before creating anything, so a typo does not leave half an override behind.
        var requested = new List<PolicyRef>();
        if (cover is not null && (!string.IsNullOrWhiteSpace(request.Policy) || !string.IsNullOrWhiteSpace(request.Team)))
        {
            requested.Add(await ResolvePolicyAsync(request.Policy, request.Team, sink, cancellationToken).ConfigureAwait(false));
        }

        var create = new ApiRequest("POST", PublicApi + "/v1/overrides")
        {
            Body = new Dictionary<string, object?>
            {
                ["username"] = absent,
                ["timezone"] = string.IsNullOrWhiteSpace(request.TimeZone) ? DefaultOverrideTimeZone : request.TimeZone,
                ["start"] = TimeParsing.FormatUtc(start),
                ["end"] = TimeParsing.FormatUtc(end),
            },
            WhatToCheck = string.Format(CultureInfo.InvariantCulture, "check whether an override for {0}'s absence from {1} to {2} was created", absent, TimeParsing.FormatUtc(start), TimeParsing.FormatUtc(end)),
        };
        Override created;
        using (var document = await SendAsync(create, sink, cancellationToken, ex => UserNotFoundSync(absent, ex)).ConfigureAwait(false))
        {
            created = document.Interpret(answer =>
            {
                var element = OverrideElement(answer.RootElement) ?? throw MalformedOverride(answer);
                var item = MapOverride(element);
                return string.IsNullOrEmpty(item.Id) ? throw MalformedOverride(answer) : item;
            });
        }

        created.Reason = request.Reason;
        if (cover is not null)
        {
            var targets = requested.Count > 0
                ? requested.Select(p => p.Slug).ToList()
                : created.Assignments.Select(a => a.Policy).Where(p => !string.IsNullOrEmpty(p)).Select(p => p!).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (targets.Count == 0)
            {
                sink.WriteWarning(string.Format(CultureInfo.InvariantCulture, "Override {0} was created, but {1} is on no escalation policy to assign {2} to; name the policy to assign.", created.Id, absent, cover));
            }

            foreach (var slug in targets)
            {
                await AssignAsync(created, slug, cover, request.AcceptOverlap, sink, cancellationToken).ConfigureAwait(false);
            }

            SummariseAssignments(created);
        }

        sink.WriteObject(created);
    }

    /// <summary>Deletes a scheduled override, or only its assignment on <see cref="OverrideRemoval.Policy"/>.</summary>
    public async Task RemoveOverrideAsync(OverrideRemoval request, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        if (string.IsNullOrWhiteSpace(request.Id))
        {
            throw InvalidArgument("OverrideIdRequired", "Removing a scheduled override needs its id.");
        }

        var id = request.Id.Trim();
        ApiRequest delete;
        if (!string.IsNullOrWhiteSpace(request.Policy))
        {
            var policy = await ResolvePolicyAsync(request.Policy, null, sink, cancellationToken).ConfigureAwait(false);
            delete = new ApiRequest("DELETE", PathOf(PublicApi + "/v1/overrides/{0}/assignments/{1}", id, policy.Slug));
        }
        else
        {
            delete = new ApiRequest("DELETE", PathOf(PublicApi + "/v1/overrides/{0}", id));
        }

        _ = await SendAsync(delete, sink, cancellationToken, ex => OverrideNotFound(id, ex)).ConfigureAwait(false);
        sink.WriteVerbose(string.Format(CultureInfo.InvariantCulture, "Removed {0}.", delete));
    }

    private async Task TakeOnCallAsync(OverrideRequest request, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Policy) && string.IsNullOrWhiteSpace(request.Team))
        {
            throw InvalidArgument("PolicyRequired", "Taking on-call needs the escalation policy, or the team whose policy to take.");
        }

        var toUser = RequireUser(request.User, "takes on-call");
        var policy = await ResolvePolicyAsync(request.Policy, request.Team, sink, cancellationToken).ConfigureAwait(false);
        var fromUser = string.IsNullOrWhiteSpace(request.OriginalUser)
            ? await CurrentlyOnCallAsync(policy, sink, cancellationToken).ConfigureAwait(false)
            : request.OriginalUser!.Trim();

        var take = new ApiRequest("PATCH", PathOf(PublicApi + "/v1/policies/{0}/oncall/user", policy.Slug))
        {
            Body = new Dictionary<string, object?> { ["fromUser"] = fromUser, ["toUser"] = toUser },
            WhatToCheck = string.Format(CultureInfo.InvariantCulture, "check whether {1} is on call for policy {0} instead of {2}", policy.Slug, toUser, fromUser),
        };
        var response = await SendAsync(
            take,
            sink,
            cancellationToken,
            ex => new OnCallException(
                OnCallErrorKind.NotFound,
                "PolicyOrUserNotFound",
                string.Format(CultureInfo.InvariantCulture, "VictorOps found no policy '{0}' with '{1}' on call, or no user '{2}' ({3}).", policy.Slug, fromUser, toUser, ex.Message),
                OnCallProvider.VictorOps,
                policy.Slug,
                ex) { StatusCode = ex.StatusCode, Request = ex.Request }).ConfigureAwait(false);

        using (response)
        {
            var (result, raw) = response.Interpret(answer => (VictorOpsJson.Bind<TakeResultDto>(answer.RootElement, "a take-on-call result"), VictorOpsJson.Raw(answer.RootElement)));
            sink.WriteObject(Stamp(
                new Override
                {
                    Team = policy.TeamName,
                    Policy = policy.Name ?? policy.Slug,
                    User = toUser,
                    OriginalUser = fromUser,
                    Start = _time.GetUtcNow(),
                    Reason = request.Reason ?? result.Result,
                },
                raw));
        }
    }

    /// <summary>Who to replace when taking on-call without naming them: the one person on call for the policy now.</summary>
    private async Task<string> CurrentlyOnCallAsync(PolicyRef policy, IOperationSink sink, CancellationToken cancellationToken)
    {
        var found = new List<OnCallUser>();
        var collector = new CollectingSink(sink);
        await GetOnCallUsersAsync(new OnCallUserQuery { Policies = new[] { policy.Slug } }, collector, cancellationToken).ConfigureAwait(false);
        found.AddRange(collector.Items.OfType<OnCallUser>());
        var users = found.Select(u => u.User).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return users.Count switch
        {
            1 => users[0],
            0 => throw InvalidArgument("OriginalUserRequired", string.Format(CultureInfo.InvariantCulture, "Nobody is on call for policy '{0}' now; the override must name whom it replaces.", policy.Name ?? policy.Slug), policy.Slug),
            _ => throw InvalidArgument("OriginalUserRequired", string.Format(CultureInfo.InvariantCulture, "Several people are on call for policy '{0}' ({1}); the override must name whom it replaces.", policy.Name ?? policy.Slug, string.Join(", ", users)), policy.Slug),
        };
    }

    private async Task AssignAsync(Override created, string policySlug, string user, bool acceptOverlap, IOperationSink sink, CancellationToken cancellationToken)
    {
        // S1 wants {"policy"}, the later spec and the Go client {"username"}: send both. acceptOverlap (the Go
        // client's UpdateAssignmentPayload) only when asked, as the Go client leaves it out when false.
        var body = new Dictionary<string, object?> { ["username"] = user, ["policy"] = policySlug };
        if (acceptOverlap)
        {
            body["acceptOverlap"] = true;
        }

        var put = new ApiRequest("PUT", PathOf(PublicApi + "/v1/overrides/{0}/assignments/{1}", created.Id, policySlug))
        {
            Body = body,
            WhatToCheck = string.Format(CultureInfo.InvariantCulture, "check whether {1} is assigned on policy {2} in override {0}", created.Id, user, policySlug),
        };
        try
        {
            using var document = await SendAsync(put, sink, cancellationToken).ConfigureAwait(false);
            var assignment = document.Interpret(answer => MapAssignment(VictorOpsJson.Bind<OverrideAssignmentDto>(answer.RootElement, "an override assignment")));
            assignment.Policy ??= policySlug;
            assignment.User ??= user;
            assignment.Assigned = assignment.Assigned || !document.RootElement.TryProp("assigned", out _);
            var existing = created.Assignments.FirstOrDefault(a => string.Equals(a.Policy, policySlug, StringComparison.OrdinalIgnoreCase));
            if (existing is not null)
            {
                created.Assignments.Remove(existing);
                assignment.Team ??= existing.Team;
            }

            created.Assignments.Add(assignment);
        }
        catch (OnCallException ex)
        {
            // The override exists now; say so, so nobody creates it twice.
            sink.WriteError(new OnCallException(
                ex.Kind,
                "AssignmentFailed",
                string.Format(CultureInfo.InvariantCulture, "Scheduled override {0} was created, but assigning {1} on policy {2} failed: {3}", created.Id, user, policySlug, ex.Message),
                OnCallProvider.VictorOps,
                created.Id,
                ex)
            {
                StatusCode = ex.StatusCode,
                Request = ex.Request,
                MayHaveApplied = ex.MayHaveApplied,
                RecommendedAction = ex.MayHaveApplied ? ex.RecommendedAction : null,
            });
        }
    }

    /// <summary>The override object of an answer: under "override" (live API) or "schedule" (spec), or the root itself.</summary>
    private static JsonElement? OverrideElement(JsonElement root)
    {
        foreach (var key in new[] { "override", "schedule", "scheduledOverride" })
        {
            if (root.TryProp(key, out var value) && value.ValueKind == JsonValueKind.Object)
            {
                return value;
            }
        }

        return root.TryProp("publicId", out _) ? root : null;
    }

    private Override MapOverride(JsonElement element)
    {
        var dto = VictorOpsJson.Bind<ScheduledOverrideDto>(element, "a scheduled override");
        var item = Stamp(
            new Override
            {
                Id = dto.PublicId ?? string.Empty,
                OriginalUser = dto.User?.Username,
                Start = dto.Start,
                End = dto.End,
                TimeZone = dto.Timezone,
            },
            VictorOpsJson.Raw(element));
        foreach (var assignment in dto.Assignments ?? new List<OverrideAssignmentDto>())
        {
            item.Assignments.Add(MapAssignment(assignment));
        }

        SummariseAssignments(item);
        return item;
    }

    private static OverrideAssignment MapAssignment(OverrideAssignmentDto dto) => new()
    {
        Team = dto.Team?.Display,
        Policy = dto.Policy?.Id,
        User = string.IsNullOrEmpty(dto.User?.Username) ? null : dto.User!.Username,
        Assigned = dto.Assigned ?? !string.IsNullOrEmpty(dto.User?.Username),
    };

    // User, Policy and Team of the override are its assignments' when they all agree.
    private static void SummariseAssignments(Override item)
    {
        item.User = Single(item.Assignments.Select(a => a.Assigned ? a.User : null), item.Assignments.Count);
        item.Policy = Single(item.Assignments.Select(a => a.Policy), item.Assignments.Count);
        item.Team = Single(item.Assignments.Select(a => a.Team), item.Assignments.Count);
    }

    private static string? Single(IEnumerable<string?> values, int count)
    {
        var list = values.ToList();
        if (count == 0 || list.Any(string.IsNullOrEmpty))
        {
            return null;
        }

        var distinct = list.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        return distinct.Count == 1 ? distinct[0] : null;
    }

    private static OnCallException MalformedOverride(ApiResponse answer) =>
        answer.Malformed("no scheduled override in it (neither \"override\" nor \"schedule\" with a publicId)");

    private OnCallException OverrideNotFound(string id, OnCallException inner) =>
        new(OnCallErrorKind.NotFound, "OverrideNotFound", string.Format(CultureInfo.InvariantCulture, "VictorOps connection '{0}' has no scheduled override '{1}'.", ConnectionName, id), OnCallProvider.VictorOps, id, inner)
        {
            StatusCode = inner.StatusCode,
            Request = inner.Request,
        };

    private OnCallException UserNotFoundSync(string user, OnCallException inner) =>
        new(OnCallErrorKind.NotFound, "UserNotFound", string.Format(CultureInfo.InvariantCulture, "VictorOps connection '{0}' has no user '{1}' ({2}).", ConnectionName, user, inner.Message), OnCallProvider.VictorOps, user, inner)
        {
            StatusCode = inner.StatusCode,
            Request = inner.Request,
        };
}

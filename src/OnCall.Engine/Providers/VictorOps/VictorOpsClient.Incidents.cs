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
using OnCall.Engine.Text;

namespace OnCall.Engine.Providers.VictorOps;

internal sealed partial class VictorOpsClient
{
    /// <summary>The reporting API's largest page.</summary>
    public const int HistoryPageSize = 100;

    private const int HistoryProgressId = 0x564F;

    // No reporting page is this large; a "limit" above it is not taken as the page size.
    private const int MaxReportedPageSize = 10_000;
    private const string ReportingIncidents = "/api-reporting/v2/incidents";

    /// <summary>
    /// Open and recent incidents (GET /v1/incidents, filtered here), incidents by number (GET
    /// /v1/incidents/{n} each), or with History the reporting API, paged and streamed to the sink
    /// page by page with an honest time estimate (it allows one call a minute).
    /// </summary>
    public async Task GetIncidentsAsync(IncidentQuery query, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        var numbers = ValidIncidentNumbers(query.Ids, sink);
        if (query.Ids.Count > 0 && numbers.Count == 0)
        {
            // Ids were asked for and none can be one: that is no incident, never "every incident".
            return;
        }

        var teamFilter = await TeamFilterAsync(query.Teams, sink, cancellationToken).ConfigureAwait(false);
        if (query.History)
        {
            await GetIncidentHistoryAsync(query, numbers, teamFilter, sink, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (numbers.Count > 0)
        {
            foreach (var number in numbers)
            {
                ApiResponse document;
                try
                {
                    document = await SendAsync(new ApiRequest("GET", PathOf(PublicApi + "/v1/incidents/{0}", number)), sink, cancellationToken, ex => IncidentNotFound(number, ex)).ConfigureAwait(false);
                }
                catch (OnCallException ex) when (ex.Reason == "IncidentNotFound")
                {
                    sink.WriteError(ex);
                    continue;
                }

                using (document)
                {
                    // An answer without the incident is not "no such incident" (that is a 404): it is an answer this module cannot read.
                    var element = IncidentElement(document.RootElement) ?? throw document.Malformed("no incident in it (no incidentNumber, \"incident\" or \"incidents\")");
                    var (incident, dto) = MapIncident(element);
                    if (Matches(incident, dto, query, teamFilter, checkWindow: true))
                    {
                        sink.WriteObject(incident);
                    }
                }
            }

            return;
        }

        using var list = await SendAsync(new ApiRequest("GET", PublicApi + "/v1/incidents"), sink, cancellationToken).ConfigureAwait(false);
        var written = 0;
        foreach (var element in VictorOpsJson.List(list, "incidents"))
        {
            var (incident, dto) = MapIncident(element);
            if (!Matches(incident, dto, query, teamFilter, checkWindow: true))
            {
                continue;
            }

            sink.WriteObject(incident);
            if (query.First is { } first && ++written >= first)
            {
                break;
            }
        }
    }

    private async Task GetIncidentHistoryAsync(IncidentQuery query, IReadOnlyList<string> numbers, TeamFilter? teamFilter, IOperationSink sink, CancellationToken cancellationToken)
    {
        // The API's own default is resolved only; "no status" here means all of them.
        var statuses = query.Statuses.Count > 0 ? query.Statuses.Distinct().ToList() : new List<IncidentStatus> { IncidentStatus.Triggered, IncidentStatus.Acknowledged, IncidentStatus.Resolved };
        var phases = string.Join(",", statuses.Select(PhaseName));
        var plainServices = query.Services.All(s => !Wildcard.HasWildcards(s)) ? query.Services : Array.Empty<string>();
        var limit = query.First is { } first && first > 0 && first < HistoryPageSize ? first : HistoryPageSize;

        var offset = 0;
        var written = 0;
        var page = 0;
        var elapsed = TimeSpan.Zero;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var request = new ApiRequest("GET", ReportingIncidents)
                .WithQuery("offset", offset.ToString(CultureInfo.InvariantCulture))
                .WithQuery("limit", limit.ToString(CultureInfo.InvariantCulture))
                .WithQuery("currentPhase", phases)
                .WithQuery("startedAfter", query.Start is { } after ? TimeParsing.FormatUtc(after) : null)
                .WithQuery("startedBefore", query.End is { } before ? TimeParsing.FormatUtc(before) : null)
                .WithQuery("service", plainServices.Count > 0 ? string.Join(",", plainServices) : null)
                .WithQuery("incidentNumber", numbers.Count > 0 ? string.Join(",", numbers) : null);

            var interval = _api.PaceInterval(request);
            if (page == 0 && _api.EstimateWait(request) is var wait && wait >= TimeSpan.FromSeconds(1))
            {
                sink.WriteProgress(new OperationProgress(HistoryProgressId, "Reading VictorOps incident history", "Waiting for the reporting API (one call a minute)")
                {
                    SecondsRemaining = (int)Math.Ceiling(wait.TotalSeconds),
                });
            }

            using var response = await SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
            elapsed += response.Elapsed;
            page++;
            var root = response.RootElement;
            var items = VictorOpsJson.List(response, "incidents");

            // A bare array (seen in captured answers) is one complete page.
            var envelope = root.ValueKind == JsonValueKind.Object ? VictorOpsJson.Bind<ReportingPageDto>(root, "an incident history page") : new ReportingPageDto();

            // The envelope is the server's word: a limit or total out of all proportion must not turn into an
            // overflow, so an absurd page size is replaced by the one asked for and the total is no less than read.
            var pageLimit = envelope.Limit is > 0 and <= MaxReportedPageSize ? envelope.Limit.Value : limit;
            var total = Math.Max((long)offset + items.Count, envelope.Total is >= 0 ? envelope.Total.Value : 0L);

            foreach (var element in items)
            {
                var (incident, dto) = MapIncident(element);
                if (!Matches(incident, dto, query, teamFilter, checkWindow: false))
                {
                    continue;
                }

                sink.WriteObject(incident);
                written++;
                if (query.First is { } most && written >= most)
                {
                    break;
                }
            }

            var done = Math.Min(total, (long)offset + items.Count);
            var finished = items.Count == 0
                || (long)offset + pageLimit >= total
                || root.ValueKind != JsonValueKind.Object
                || (query.First is { } cap && written >= cap);
            if (finished)
            {
                sink.WriteProgress(new OperationProgress(HistoryProgressId, "Reading VictorOps incident history", string.Format(CultureInfo.InvariantCulture, "{0} incident(s) in {1} page(s)", written, page)) { Completed = true, PercentComplete = 100, SecondsRemaining = 0 });
                return;
            }

            offset += pageLimit;
            var pagesLeft = (long)Math.Ceiling((total - offset) / (double)pageLimit);
            var perCall = TimeSpan.FromTicks(elapsed.Ticks / page);
            var nextWait = _api.EstimateWait(request);
            var spacing = interval ?? TimeSpan.Zero;
            var remainingSeconds = nextWait.TotalSeconds + (spacing.TotalSeconds * Math.Max(0, pagesLeft - 1)) + (perCall.TotalSeconds * pagesLeft);
            sink.WriteProgress(new OperationProgress(
                HistoryProgressId,
                "Reading VictorOps incident history",
                string.Format(CultureInfo.InvariantCulture, "{0} of {1} incidents read, page {2} of {3}", done, total, page, page + pagesLeft))
            {
                PercentComplete = total > 0 ? (int)Math.Min(99, done * 100 / total) : -1,
                SecondsRemaining = (int)Math.Min(int.MaxValue, Math.Ceiling(remainingSeconds)),
                CurrentOperation = interval is null ? null : string.Format(CultureInfo.InvariantCulture, "The reporting API allows one call every {0:0} s; {1} more call(s).", spacing.TotalSeconds, pagesLeft),
            });
        }
    }

    /// <summary>Opens an incident (POST /v1/incidents; never retried, ApiClient says when it may have applied).</summary>
    public async Task NewIncidentAsync(NewIncidentRequest request, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        if (string.IsNullOrWhiteSpace(request.Title))
        {
            throw InvalidArgument("TitleRequired", "An incident needs a summary (its title).");
        }

        var user = RequireUser(request.User, "opens the incident");
        var targets = ParseTargets(request.Targets);
        if (targets.Count == 0)
        {
            throw InvalidArgument("TargetRequired", "VictorOps pages an incident to targets: 'User:alice' or 'EscalationPolicy:pol-...' (a bare pol- slug is a policy, anything else a user).");
        }

        var body = new Dictionary<string, object?>
        {
            ["summary"] = request.Title,
            ["details"] = string.IsNullOrWhiteSpace(request.Description) ? request.Title : request.Description,
            ["userName"] = user,
            ["targets"] = targets.Select(t => new Dictionary<string, object?> { ["type"] = t.Type, ["slug"] = t.Slug }).ToList(),
        };
        if (request.MultiResponder)
        {
            body["isMultiResponder"] = true;
        }

        var create = new ApiRequest("POST", PublicApi + "/v1/incidents")
        {
            Body = body,
            WhatToCheck = string.Format(CultureInfo.InvariantCulture, "check whether an incident '{0}' was opened", request.Title),
        };
        using var document = await SendAsync(create, sink, cancellationToken).ConfigureAwait(false);
        var result = document.Interpret(answer =>
        {
            var created = VictorOpsJson.Bind<CreatedIncidentDto>(answer.RootElement, "a created incident");
            if (string.IsNullOrWhiteSpace(created.IncidentNumber))
            {
                // An error in the answer is a refusal; no number and no error is an answer nobody can read.
                throw string.IsNullOrWhiteSpace(created.Error)
                    ? answer.Malformed("no incidentNumber in it")
                    : new OnCallException(OnCallErrorKind.InvalidOperation, "IncidentNotCreated", "VictorOps did not open the incident: " + created.Error, OnCallProvider.VictorOps, request.Title);
            }

            return Stamp(
                new IncidentActionResult { Id = created.IncidentNumber!, Action = "Create", Accepted = true, Message = created.Error, User = user },
                VictorOpsJson.Raw(answer.RootElement));
        });
        sink.WriteObject(result);
    }

    /// <summary>
    /// The incident numbers among ids; each one that is not a number is reported through the sink as
    /// a non-terminating error (target: the id) and left out, so one typo in a pipeline of a thousand
    /// does not stop the other 999.
    /// </summary>
    internal static IReadOnlyList<string> ValidIncidentNumbers(IReadOnlyList<string>? ids, IOperationSink sink)
    {
        var numbers = new List<string>();
        foreach (var id in ids ?? Array.Empty<string>())
        {
            if (NumberProblem(id) is { } problem)
            {
                sink.WriteError(problem);
            }
            else
            {
                numbers.Add(id.Trim());
            }
        }

        return numbers.Distinct(StringComparer.Ordinal).ToList();
    }

    /// <inheritdoc />
    public OnCallException? IncidentIdProblem(string id) => NumberProblem(id);

    /// <summary>Incident numbers are numbers: anything else fails here, before any request is sent.</summary>
    internal static IReadOnlyList<string> ValidateIncidentNumbers(IReadOnlyList<string>? ids)
    {
        var numbers = new List<string>();
        foreach (var raw in ids ?? Array.Empty<string>())
        {
            if (NumberProblem(raw) is { } problem)
            {
                throw problem;
            }

            numbers.Add(raw.Trim());
        }

        return numbers.Distinct(StringComparer.Ordinal).ToList();
    }

    private static OnCallException? NumberProblem(string? raw)
    {
        var id = (raw ?? string.Empty).Trim();
        if (id.Length > 0 && id.Length <= 18 && id.All(c => c >= '0' && c <= '9'))
        {
            return null;
        }

        var shown = raw is { Length: > 40 } ? raw.Substring(0, 40) + "..." : raw;
        return new OnCallException(
            OnCallErrorKind.InvalidArgument,
            "InvalidIncidentNumber",
            string.Format(CultureInfo.InvariantCulture, "'{0}' is not a VictorOps incident number (a whole number such as 4711); nothing was sent.", shown),
            OnCallProvider.VictorOps,
            raw);
    }

    private static string PhaseName(IncidentStatus status) => status switch
    {
        IncidentStatus.Triggered => "triggered",
        IncidentStatus.Acknowledged => "acknowledged",
        _ => "resolved",
    };

    /// <summary>UNACKED/ACKED/RESOLVED (incidents API) or triggered/acknowledged/resolved (reporting).</summary>
    internal static IncidentStatus ParsePhase(string? phase) => (phase ?? string.Empty).Trim().ToUpperInvariant() switch
    {
        "ACKED" or "ACKNOWLEDGED" => IncidentStatus.Acknowledged,
        "RESOLVED" => IncidentStatus.Resolved,
        _ => IncidentStatus.Triggered,
    };

    private static JsonElement? IncidentElement(JsonElement root)
    {
        if (root.TryProp("incidentNumber", out _))
        {
            return root;
        }

        if (root.TryProp("incident", out var wrapped) && wrapped.ValueKind == JsonValueKind.Object)
        {
            return wrapped;
        }

        var items = VictorOpsJson.Objects(root, "incidents");
        return items.Count > 0 ? items[0] : null;
    }

    private (Incident Incident, IncidentInfoDto Dto) MapIncident(JsonElement element)
    {
        var dto = VictorOpsJson.Bind<IncidentInfoDto>(element, "an incident");
        var policies = dto.PagedPolicies ?? new List<PagedPolicyDto>();
        var transitions = (dto.Transitions ?? new List<IncidentTransitionDto>()).Where(t => t.At is not null).OrderBy(t => t.At).ToList();
        var incident = Stamp(
            new Incident
            {
                Id = dto.IncidentNumber ?? string.Empty,
                Status = ParsePhase(dto.CurrentPhase),
                Title = dto.EntityDisplayName ?? dto.EntityId,
                Service = dto.Service,
                Host = dto.Host,
                Severity = dto.EntityState,
                Team = policies.Select(p => p.Team?.Display).FirstOrDefault(t => !string.IsNullOrEmpty(t)) ?? TeamDisplay(dto.PagedTeams?.FirstOrDefault()),
                Policy = policies.Select(p => p.Policy?.Display).FirstOrDefault(p => !string.IsNullOrEmpty(p)),
                Start = dto.StartTime,
                LastUpdate = transitions.Count > 0 ? transitions[transitions.Count - 1].At : dto.LastAlertTime,
                User = transitions.LastOrDefault(t => !string.IsNullOrEmpty(t.By))?.By,
                Link = Uri.TryCreate(dto.IncidentLink, UriKind.Absolute, out var link) ? link : null,
            },
            VictorOpsJson.Raw(element));
        foreach (var user in dto.PagedUsers ?? new List<string>())
        {
            incident.PagedUsers.Add(user);
        }

        foreach (var team in dto.PagedTeams ?? new List<string>())
        {
            incident.PagedTeams.Add(team);
        }

        foreach (var policy in policies.Select(p => p.Policy?.Id).Where(p => !string.IsNullOrEmpty(p)))
        {
            incident.PagedPolicies.Add(policy!);
        }

        return (incident, dto);
    }

    // A slug reads better as the team's name; the cached team list says it without another call.
    private string? TeamDisplay(string? slug) =>
        slug is null ? null : _teams?.Items.FirstOrDefault(t => string.Equals(t.Slug, slug, StringComparison.OrdinalIgnoreCase))?.Display ?? slug;

    private static bool Matches(Incident incident, IncidentInfoDto dto, IncidentQuery query, TeamFilter? teams, bool checkWindow)
    {
        if (query.Statuses.Count > 0 && !query.Statuses.Contains(incident.Status))
        {
            return false;
        }

        if (query.Services.Count > 0 && !Wildcard.MatchesAny(incident.Service, query.Services))
        {
            return false;
        }

        if (teams is not null && !teams.Matches(dto))
        {
            return false;
        }

        if (checkWindow && ((query.Start is { } start && incident.Start < start) || (query.End is { } end && incident.Start >= end)))
        {
            return false;
        }

        return true;
    }

    /// <summary>Teams given by name or slug become the slugs incidents carry in pagedTeams and pagedPolicies.</summary>
    private async Task<TeamFilter?> TeamFilterAsync(IReadOnlyList<string> teams, IOperationSink sink, CancellationToken cancellationToken)
    {
        if (teams.Count == 0)
        {
            return null;
        }

        var resolved = (await ResolveTeamsAsync(teams, sink, cancellationToken).ConfigureAwait(false)).ReportUnknown(sink);
        return new TeamFilter(teams, resolved.Select(t => t.Slug).Where(s => !string.IsNullOrEmpty(s)).Select(s => s!));
    }

    private OnCallException IncidentNotFound(string number, OnCallException inner) =>
        new(OnCallErrorKind.NotFound, "IncidentNotFound", string.Format(CultureInfo.InvariantCulture, "VictorOps connection '{0}' has no incident {1}.", ConnectionName, number), OnCallProvider.VictorOps, number, inner)
        {
            StatusCode = inner.StatusCode,
            Request = inner.Request,
        };

    private sealed class TeamFilter
    {
        private readonly IReadOnlyList<string> _patterns;
        private readonly HashSet<string> _slugs;

        public TeamFilter(IReadOnlyList<string> patterns, IEnumerable<string> slugs)
        {
            _patterns = patterns;
            _slugs = new HashSet<string>(slugs, StringComparer.OrdinalIgnoreCase);
        }

        public bool Matches(IncidentInfoDto dto)
        {
            var slugs = (dto.PagedTeams ?? new List<string>())
                .Concat((dto.PagedPolicies ?? new List<PagedPolicyDto>()).Select(p => p.Team?.Slug ?? string.Empty))
                .Where(s => s.Length > 0);
            var names = (dto.PagedPolicies ?? new List<PagedPolicyDto>()).Select(p => p.Team?.Name);
            return slugs.Any(s => _slugs.Contains(s) || Wildcard.MatchesAny(s, _patterns))
                || names.Any(n => n is not null && Wildcard.MatchesAny(n, _patterns));
        }
    }
}

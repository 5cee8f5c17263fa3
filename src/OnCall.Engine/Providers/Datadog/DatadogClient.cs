using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;

namespace OnCall.Engine.Providers.Datadog;

/// <summary>
/// Datadog On-Call (API v2, JSON:API): team and schedule on-call answers, schedules rendered from their layers
/// and checked against Datadog's own answer, overrides, pages on the paging host, teams, members and policies.
/// </summary>
internal sealed partial class DatadogClient : IProviderClient, IOnCallUserSource, IScheduleSource, IRotationSource, IOverrideSource, IIncidentSource, IIncidentActions, IDirectorySource, IEscalationPolicySource, IIncidentIdRule
{
    private const string SchedulesPath = "/api/v2/on-call/schedules";
    private const string ScheduleInclude = "layers,layers.members.user,teams";
    private const int PageSize = 100;
    private static readonly char[] NameSeparators = { ' ' };

    private readonly ApiClient _client;
    private readonly OnCallConnection _info;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, DatadogUser> _users = new(StringComparer.OrdinalIgnoreCase);

    internal DatadogClient(ApiClient client, OnCallConnection info, TimeProvider time)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _info = info ?? throw new ArgumentNullException(nameof(info));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    public OnCallProvider Provider => OnCallProvider.Datadog;

    private string Connection => _info.Name;

    private string Path(string template, params string[] segments) => VendorProfile.Path(_client.Profile, template, segments);

    /// <summary>
    /// The team list needs both the API and the application key, and is one small page. Its answer must
    /// be a team list: a gateway's login page or an error object answered with 200 is no proof the keys work.
    /// </summary>
    public async Task ValidateAsync(IOperationSink sink, CancellationToken cancellationToken)
    {
        using var response = await _client.SendAsync(new ApiRequest("GET", "/api/v2/team").WithQuery("page[size]", "1"), sink, cancellationToken).ConfigureAwait(false);
        _ = Data(response);
    }

    /// <summary>Sends a read and hands back the answer (<see cref="ApiResponse.RootElement"/>); dispose it when done.</summary>
    private Task<ApiResponse> GetAsync(ApiRequest request, IOperationSink sink, CancellationToken cancellationToken) =>
        _client.SendAsync(request, sink, cancellationToken);

    /// <summary>Datadog's ids (users, teams, schedules, pages) are UUIDs.</summary>
    internal static bool IsUuid(string? text) =>
        text is not null && text.Length == 36 && Guid.TryParseExact(text, "D", out _);

    /// <summary>The resources of a JSON:API collection answer; an answer without a "data" array is malformed, never empty.</summary>
    private static List<JsonElement> Data(ApiResponse response) => response.RequireObjects("data");
}

using System;
using System.Threading;
using System.Threading.Tasks;
using OnCall.Engine.Http;

namespace OnCall.Engine.Providers.ZStack;

/// <summary>
/// ZStack "Alerting &amp; Response": on-call schedules (rendered by the schedule engine), the current shift,
/// overrides (create only: there is no list or delete endpoint) and alert events (list, get, acknowledge, resolve).
/// </summary>
internal sealed partial class ZStackClient : IProviderClient, IOnCallUserSource, IScheduleSource, IRotationSource, IOverrideSource, IIncidentSource, IIncidentActions
{
    private const string Schedules = "/api/v1/oncall/schedules";
    private const string Events = "/api/v1/alerting/events";
    private const int PageSize = 200;

    private readonly ApiClient _client;
    private readonly OnCallConnection _info;
    private readonly TimeProvider _time;

    internal ZStackClient(ApiClient client, OnCallConnection info, TimeProvider time)
    {
        _client = client ?? throw new ArgumentNullException(nameof(client));
        _info = info ?? throw new ArgumentNullException(nameof(info));
        _time = time ?? throw new ArgumentNullException(nameof(time));
    }

    public OnCallProvider Provider => OnCallProvider.ZStack;

    private string Connection => _info.Name;

    /// <summary>One schedule's worth of the schedule list; the answer must be one (a login page answered with 200 is no proof).</summary>
    public async Task ValidateAsync(IOperationSink sink, CancellationToken cancellationToken)
    {
        var request = new ApiRequest("GET", Schedules).WithQuery("limit", "1");
        using var response = await _client.SendAsync(request, sink, cancellationToken).ConfigureAwait(false);
        _ = response.RequireArray("items");
    }
}

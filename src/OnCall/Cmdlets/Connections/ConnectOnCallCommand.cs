using System;
using System.Management.Automation;
using System.Net;
using System.Security;
using OnCall.Completers;
using OnCall.Engine.Connections;
using OnCall.Engine.Providers;
using OnCall.Infrastructure;

namespace OnCall.Cmdlets.Connections;

/// <summary>Connect-OnCall: a named connection to one vendor account; the newest is the default.</summary>
[Cmdlet(VerbsCommunications.Connect, "OnCall", DefaultParameterSetName = KeysSet)]
[OutputType(typeof(OnCallConnection))]
public sealed class ConnectOnCallCommand : OnCallCmdlet
{
    private const string KeysSet = "Keys";
    private const string CredentialSet = "Credential";

    [Parameter(Mandatory = true, Position = 0)]
    public OnCallProvider Provider { get; set; }

    /// <summary>The connection's name; defaults to the provider's name.</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Name { get; set; }

    /// <summary>VictorOps API id (X-VO-Api-Id).</summary>
    [Parameter(ParameterSetName = KeysSet)]
    [ValidateNotNullOrEmpty]
    public string? ApiId { get; set; }

    /// <summary>VictorOps X-VO-Api-Key, or Datadog DD-API-KEY.</summary>
    [Parameter(ParameterSetName = KeysSet)]
    [SecureStringTransformation]
    public SecureString? ApiKey { get; set; }

    /// <summary>Datadog DD-APPLICATION-KEY.</summary>
    [Parameter(ParameterSetName = KeysSet)]
    [Alias("AppKey")]
    [SecureStringTransformation]
    public SecureString? ApplicationKey { get; set; }

    /// <summary>ZStack Bearer token.</summary>
    [Parameter(ParameterSetName = KeysSet)]
    [SecureStringTransformation]
    public SecureString? Token { get; set; }

    /// <summary>
    /// Keys as a PSCredential (an Azure Automation credential asset). VictorOps: user name = API id,
    /// password = API key. Datadog: user name = API key, password = application key. ZStack: password = token.
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
    [Credential]
    public PSCredential? Credential { get; set; }

    /// <summary>Datadog site (datadoghq.com, datadoghq.eu, us3.datadoghq.com...).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(DatadogSiteCompleter))]
    public string? Site { get; set; }

    /// <summary>Another host for the API (emulator, gateway). Plain http only to a loopback address.</summary>
    [Parameter]
    public Uri? BaseUri { get; set; }

    /// <summary>The user the connection acts as (VictorOps userName for acks, resolves and takes).</summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? UserName { get; set; }

    [Parameter]
    public Uri? Proxy { get; set; }

    [Parameter]
    [Credential]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>Per-request timeout in seconds.</summary>
    [Parameter]
    [ValidateRange(1, 600)]
    public int TimeoutSec { get; set; } = 30;

    /// <summary>Retries after a throttled or failed idempotent request.</summary>
    [Parameter]
    [ValidateRange(0, 10)]
    public int MaximumRetryCount { get; set; } = 4;

    /// <summary>
    /// Do not space calls under the vendor's published limits; throttled answers are still honoured.
    /// For emulators and gateways with limits of their own.
    /// </summary>
    [Parameter]
    public SwitchParameter NoClientPacing { get; set; }

    /// <summary>Do not make the one call that proves the keys work.</summary>
    [Parameter]
    public SwitchParameter SkipValidation { get; set; }

    protected override void ProcessRecord()
    {
        var settings = new ConnectionSettings
        {
            Name = Name ?? Provider.ToString(),
            Provider = Provider,
            BaseUri = BaseUri,
            Site = Site,
            UserName = UserName,
            Proxy = Proxy,
            ProxyCredential = ProxyCredential?.GetNetworkCredential(),
            Timeout = TimeSpan.FromSeconds(TimeoutSec),
            MaxRetries = MaximumRetryCount,
            Pacing = !NoClientPacing,
        };

        CollectKeys(settings);

        ConnectionContext context;
        try
        {
            context = ProviderFactory.Create(settings);
        }
        catch (OnCallException error)
        {
            ThrowOnCallError(error, settings.Name);
            return;
        }

        if (!SkipValidation)
        {
            WriteVerbose($"Checking the keys of {context.Info} with one request.");
            try
            {
                Run(async (sink, token) =>
                {
                    await context.ProviderClient.ValidateAsync(sink, token).ConfigureAwait(false);
                    return true;
                });
            }
            catch (OnCallException error)
            {
                context.Dispose();
                ThrowOnCallError(error, settings.Name);
                return;
            }
        }

        SessionConnections.Current.Add(context);
        WriteVerbose($"Connected: {context.Info} is the default connection.");
        WriteTyped(context.Info, "OnCall.Connection");
    }

    // Parameters first, then the credential, then the environment; never a prompt.
    private void CollectKeys(ConnectionSettings settings)
    {
        if (Credential is not null)
        {
            settings.CredentialSource = "Credential";
            switch (Provider)
            {
                case OnCallProvider.VictorOps:
                    settings.ApiId = Credential.UserName;
                    settings.ApiKey = Credential.Password;
                    break;
                case OnCallProvider.Datadog:
                    settings.ApiKey = ToSecure(Credential.UserName);
                    settings.ApplicationKey = Credential.Password;
                    break;
                default:
                    settings.Token = Credential.Password;
                    break;
            }
        }
        else
        {
            settings.ApiId = ApiId;
            settings.ApiKey = ApiKey;
            settings.ApplicationKey = ApplicationKey;
            settings.Token = Token;
        }

        var fromEnvironment = false;
        switch (Provider)
        {
            case OnCallProvider.VictorOps:
                settings.ApiId ??= Environment("VICTOROPS_API_ID", ref fromEnvironment);
                settings.ApiKey ??= ToSecure(Environment("VICTOROPS_API_KEY", ref fromEnvironment));
                settings.UserName ??= System.Environment.GetEnvironmentVariable("VICTOROPS_USER");
                break;
            case OnCallProvider.Datadog:
                settings.ApiKey ??= ToSecure(Environment("DD_API_KEY", ref fromEnvironment));
                settings.ApplicationKey ??= ToSecure(Environment("DD_APP_KEY", ref fromEnvironment) ?? Environment("DD_APPLICATION_KEY", ref fromEnvironment));
                settings.Site ??= System.Environment.GetEnvironmentVariable("DD_SITE");
                break;
            case OnCallProvider.ZStack:
                settings.Token ??= ToSecure(Environment("ZSTACK_ONCALL_TOKEN", ref fromEnvironment));
                if (settings.BaseUri is null && Uri.TryCreate(System.Environment.GetEnvironmentVariable("ZSTACK_ONCALL_URL"), UriKind.Absolute, out var url))
                {
                    settings.BaseUri = url;
                }

                break;
        }

        if (fromEnvironment && Credential is null && ApiKey is null && Token is null)
        {
            settings.CredentialSource = "Environment";
        }
    }

    private static string? Environment(string name, ref bool used)
    {
        var value = System.Environment.GetEnvironmentVariable(name);
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        used = true;
        return value;
    }

    private static SecureString? ToSecure(string? value) => value is null ? null : SecretText.FromString(value);
}

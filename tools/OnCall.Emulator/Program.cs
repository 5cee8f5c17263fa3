using System;
using System.Globalization;
using System.Threading.Tasks;

namespace OnCall.Emulator;

public static class Program
{
    /// <summary>dotnet run --project tools/OnCall.Emulator -- [--urls http://127.0.0.1:5080]</summary>
    public static async Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var url = new Uri("http://127.0.0.1:5080");
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] is "--urls" or "--url" && i + 1 < args.Length)
            {
                url = new Uri(args[++i].Split(';')[0]);
            }
        }

        if (url.Host is not ("127.0.0.1" or "localhost"))
        {
            await Console.Error.WriteLineAsync("The emulator listens on 127.0.0.1 only.").ConfigureAwait(false);
            return 2;
        }

        var options = new EmulatorOptions
        {
            Port = url.Port,
            RequestObserver = r => Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{r.Timestamp:HH:mm:ss} {r.Method,-6} {r.RawTarget} -> {(r.Aborted ? "aborted" : r.StatusCode.ToString(CultureInfo.InvariantCulture))}{(r.Fault is null ? string.Empty : " [" + r.Fault + "]")}")),
        };
        await using var server = await EmulatorServer.StartAsync(options).ConfigureAwait(false);
        var b = server.BaseUri.ToString().TrimEnd('/');
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"OnCall vendor emulator listening on {b}  (Ctrl+C to stop)"));
        Console.WriteLine();
        Console.WriteLine("Demo credentials (not secrets; the module takes keys as SecureString):");
        Console.WriteLine($"  Splunk On-Call (VictorOps)  API id {DemoCredentials.VictorOpsApiId}, API key {DemoCredentials.VictorOpsApiKey}");
        Console.WriteLine($"  Datadog On-Call             API key {DemoCredentials.DatadogApiKey}, application key {DemoCredentials.DatadogApplicationKey}");
        Console.WriteLine($"  ZStack                      Bearer token {DemoCredentials.ZStackToken}");
        Console.WriteLine();
        Console.WriteLine("For example:");
        Console.WriteLine($"  Connect-OnCall -Provider VictorOps -BaseUri {b} -ApiId {DemoCredentials.VictorOpsApiId} -ApiKey (ConvertTo-SecureString {DemoCredentials.VictorOpsApiKey} -AsPlainText -Force) -UserName john.smith");
        Console.WriteLine($"  Connect-OnCall -Provider Datadog -BaseUri {b} -ApiKey (ConvertTo-SecureString {DemoCredentials.DatadogApiKey} -AsPlainText -Force) -ApplicationKey (ConvertTo-SecureString {DemoCredentials.DatadogApplicationKey} -AsPlainText -Force)");
        Console.WriteLine($"  Connect-OnCall -Provider ZStack -BaseUri {b} -Token (ConvertTo-SecureString {DemoCredentials.ZStackToken} -AsPlainText -Force)");
        Console.WriteLine();
        Console.WriteLine("Demo teams: Platform Ops (team-platformops00001), Database SRE (team-databasesre00002).");
        Console.WriteLine($"Demo users: {string.Join(", ", Array.ConvertAll(DemoPeople.All, p => p.Username))}");
        await server.WaitForShutdownAsync().ConfigureAwait(false);
        return 0;
    }
}

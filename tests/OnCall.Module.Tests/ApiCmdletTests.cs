using OnCall.Module.Tests.Infrastructure;

namespace OnCall.Module.Tests;

/// <summary>Invoke-OnCallApi, in one runspace connected to one emulator's VictorOps.</summary>
public sealed class ApiCmdletTests(SessionFixture emulator) : IClassFixture<SessionFixture>
{
    private readonly PowerShellSession session = emulator.Fresh();

    [Fact]
    public void Invoke_OnCallApi_reaches_any_endpoint_with_the_connection_auth_and_returns_objects()
    {
        var result = session.Run("Invoke-OnCallApi -Path /api-public/v1/team -Verbose");

        Assert.Empty(result.AllErrors);
        Assert.NotEmpty(result.Output);
        Assert.All(result.Output, team => Assert.NotNull(team.Properties["slug"]?.Value));
        Assert.Contains(result.Verbose, v => v.StartsWith("GET /api-public/v1/team -> 200", StringComparison.Ordinal));
    }

    [Fact]
    public void Invoke_OnCallApi_refuses_a_path_that_would_leave_the_connection_host()
    {
        emulator.Server.ClearRequests();

        foreach (var path in new[] { "https://evil.example.com/x", "//evil.example.com/x", "api-public/v1/team" })
        {
            var error = Assert.Single(session.Run("Invoke-OnCallApi -Path $args[0]", path).AllErrors);
            Assert.Equal("OnCall.Module.InvalidPath,OnCall.Cmdlets.Api.InvokeOnCallApiCommand", error.FullyQualifiedErrorId);
        }

        Assert.Empty(emulator.Server.Requests);
    }

    [Fact]
    public void Invoke_OnCallApi_asks_before_changing_anything()
    {
        emulator.Server.ClearRequests();

        session.RunOk("Invoke-OnCallApi -Method POST -Path /api-public/v1/team -Body @{ name = 'x' } -WhatIf");

        Assert.Empty(emulator.Server.Requests);
    }

    [Fact]
    public void Invoke_OnCallApi_writes_the_answer_as_objects_with_a_note_property_per_key_at_every_depth()
    {
        const string Body = """
            {"data":[{"id":"a1","attributes":{"name":"Ops","count":3,"ratio":0.5,"on":true,"off":false,"none":null,
            "tags":["x",2,null,{"k":"v"}],"nested":{"deep":{"v":1}}}},{"id":"a2","attributes":{}}],"Dup":1,"meta":{"page":{"total":2}},"dup":"two"}
            """;
        using var standIn = new StandInServer(emulator.BaseUri).On("GET", "/api-public/v1/shape", StandInAnswer.Canned(200, Body));
        session.RunOk(ConnectCommands.ConnectVictorOps(standIn.BaseUri, "shape", "-SkipValidation") + " | Out-Null");

        var answer = session.RunOk(
            "$r = Invoke-OnCallApi -Connection shape -Path /api-public/v1/shape; $a = $r.data[0].attributes; " +
            "($r.psobject.Properties | ForEach-Object { $_.Name + ':' + $_.MemberType }) -join ','; " +
            "$r.dup; $r.data.Count; $a.name; $a.count.GetType().Name; $a.ratio.GetType().Name; $a.on; $a.off; $null -eq $a.none; " +
            "$a.tags.GetType().Name; $a.tags[1].GetType().Name; $a.tags[3].k; $a.nested.deep.v; $r.data[1].attributes.psobject.Properties.Name.Count; " +
            "(($a | Get-Member -MemberType NoteProperty).Name | Sort-Object) -join ','; $r.GetType().Name; " +
            "$r | ConvertTo-Json -Depth 10 -Compress; (Invoke-OnCallApi -Connection shape -Path /api-public/v1/shape -Raw) -eq $args[0]",
            Body).Select(o => o?.ToString()).ToList();

        Assert.Equal(
            new[]
            {
                "data:NoteProperty,Dup:NoteProperty,meta:NoteProperty",
                "two", "2", "Ops", "Int64", "Double", "True", "False", "True",
                "Object[]", "Int64", "v", "1", "0",
                "count,name,nested,none,off,on,ratio,tags", "PSCustomObject",
                """{"data":[{"id":"a1","attributes":{"name":"Ops","count":3,"ratio":0.5,"on":true,"off":false,"none":null,"tags":["x",2,null,{"k":"v"}],"nested":{"deep":{"v":1}}}},{"id":"a2","attributes":{}}],"Dup":"two","meta":{"page":{"total":2}}}""",
                "True",
            },
            answer);
    }

    [Fact]
    public void Invoke_OnCallApi_refuses_a_key_PowerShell_reserves_as_ConvertFrom_Json_does()
    {
        // Names are added to each object without PowerShell's checks (each comes once); the reserved ones
        // still get them, or "psobject" would become a note property that hides the object's own members.
        const string Body = """{"psobject":1,"name":"x"}""";
        using var standIn = new StandInServer(emulator.BaseUri).On("GET", "/api-public/v1/reserved", StandInAnswer.Canned(200, Body));
        session.RunOk(ConnectCommands.ConnectVictorOps(standIn.BaseUri, "reserved", "-SkipValidation") + " | Out-Null");

        var api = session.Run("Invoke-OnCallApi -Connection reserved -Path /api-public/v1/reserved");
        var convert = session.Run("$args[0] | ConvertFrom-Json", Body);

        Assert.Empty(api.Output);
        Assert.StartsWith("PSObjectMembersMembersAddReservedName,", Assert.Single(api.AllErrors).FullyQualifiedErrorId);
        Assert.StartsWith("PSObjectMembersMembersAddReservedName,", Assert.Single(convert.AllErrors).FullyQualifiedErrorId);
    }

    // Ctrl+C is proved in Reliability/CancellationTests, which waits until the request is in flight before stopping.
}

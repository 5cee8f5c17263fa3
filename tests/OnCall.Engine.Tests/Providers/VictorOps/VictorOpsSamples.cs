namespace OnCall.Engine.Tests.Providers.VictorOps;

/// <summary>
/// Real VictorOps answers, copied verbatim from shared/fixtures/victorops-samples (a public test
/// suite's recorded files) so the tests carry them; code that disagrees with them is wrong.
/// </summary>
internal static class VictorOpsSamples
{
    /// <summary>reporting-v2-incidents.faros-test_files-incidents.json</summary>
    public const string ReportingIncidents = """
[
  {
    "alertCount": 1,
    "currentPhase": "acknowledged",
    "entityDisplayName": "Faros-test",
    "entityId": "40195b07-0656-4fc9-b01f-2cb1962a32f6",
    "entityState": "critical",
    "entityType": "service",
    "incidentNumber": "1",
    "lastAlertId": "97fcff1c-6701-41a0-834d-c0aeb99553fd",
    "lastAlertTime": "2021-11-02T16:22:04Z",
    "routingKey": "default",
    "service": "Faros-test",
    "startTime": "2021-11-02T16:22:04Z",
    "pagedTeams": [
      "team-Z3scfG2gh0qF3QsL"
    ],
    "pagedUsers": [
      "roman.kyrnis"
    ],
    "pagedPolicies": [
      {
        "policy": {
          "name": "team-Z3scfG2gh0qF3QsL",
          "slug": "team-Z3scfG2gh0qF3QsL"
        },
        "team": {
          "name": "Example",
          "slug": "team-Z3scfG2gh0qF3QsL"
        }
      }
    ],
    "transitions": [
      {
        "name": "triggered",
        "at": "2021-11-02T16:22:04Z",
        "alertId": "97fcff1c-6701-41a0-834d-c0aeb99553fd",
        "alertUrl": "https://api.victorops.com/api-public/v1/alerts/97fcff1c-6701-41a0-834d-c0aeb99553fd"
      },
      {
        "name": "acknowledged",
        "at": "2021-11-02T16:38:34Z",
        "by": "roman.kyrnis",
        "alertId": "97fcff1c-6701-41a0-834d-c0aeb99553fd",
        "alertUrl": "https://api.victorops.com/api-public/v1/alerts/97fcff1c-6701-41a0-834d-c0aeb99553fd"
      }
    ]
  },
  {
    "alertCount": 1,
    "currentPhase": "acknowledged",
    "entityDisplayName": "#2",
    "entityId": "7398fad0-337c-4afc-94b4-cd9b716896ff",
    "entityState": "critical",
    "entityType": "service",
    "incidentNumber": "2",
    "lastAlertId": "1004eb2f-94fc-4f27-8ff0-4cabffb48aed",
    "lastAlertTime": "2021-11-02T16:23:32Z",
    "routingKey": "default",
    "service": "#2",
    "startTime": "2021-11-02T16:23:32Z",
    "pagedTeams": [
      "team-Z3scfG2gh0qF3QsL"
    ],
    "pagedUsers": [
      "roman.kyrnis"
    ],
    "pagedPolicies": [
      {
        "policy": {
          "name": "team-Z3scfG2gh0qF3QsL",
          "slug": "team-Z3scfG2gh0qF3QsL"
        },
        "team": {
          "name": "Example",
          "slug": "team-Z3scfG2gh0qF3QsL"
        }
      }
    ],
    "transitions": [
      {
        "name": "triggered",
        "at": "2021-11-02T16:23:32Z",
        "alertId": "1004eb2f-94fc-4f27-8ff0-4cabffb48aed",
        "alertUrl": "https://api.victorops.com/api-public/v1/alerts/1004eb2f-94fc-4f27-8ff0-4cabffb48aed"
      },
      {
        "name": "acknowledged",
        "at": "2021-11-02T16:38:33Z",
        "by": "roman.kyrnis",
        "alertId": "1004eb2f-94fc-4f27-8ff0-4cabffb48aed",
        "alertUrl": "https://api.victorops.com/api-public/v1/alerts/1004eb2f-94fc-4f27-8ff0-4cabffb48aed"
      }
    ]
  }
]
""";

    /// <summary>team-list.faros-test_files-teams.json</summary>
    public const string TeamList = """
[
  {
    "_selfUrl": "/api-public/v1/team/team-Z3scfG2gh0qF3QsL",
    "_membersUrl": "/api-public/v1/team/team-Z3scfG2gh0qF3QsL/members",
    "_policiesUrl": "/api-public/v1/team/team-Z3scfG2gh0qF3QsL/policies",
    "_adminsUrl": "/api-public/v1/team/team-Z3scfG2gh0qF3QsL/admins",
    "name": "Example",
    "slug": "team-Z3scfG2gh0qF3QsL",
    "memberCount": 1,
    "version": 1,
    "isDefaultTeam": false,
    "description": "Example team."
  },
  {
    "_selfUrl": "/api-public/v1/team/team-JsxJ4dtL2oX4SkEx",
    "_membersUrl": "/api-public/v1/team/team-JsxJ4dtL2oX4SkEx/members",
    "_policiesUrl": "/api-public/v1/team/team-JsxJ4dtL2oX4SkEx/policies",
    "_adminsUrl": "/api-public/v1/team/team-JsxJ4dtL2oX4SkEx/admins",
    "name": "Faros",
    "slug": "team-JsxJ4dtL2oX4SkEx",
    "memberCount": 1,
    "version": 1,
    "isDefaultTeam": false,
    "description": "team"
  }
]
""";

    /// <summary>user-list.faros-test_files-users.json</summary>
    public const string UserList = """
[
  {
    "firstName": "Roman",
    "lastName": "Kyrnis",
    "displayName": "Roman Kyrnis",
    "username": "roman.kyrnis",
    "email": "roman.ky@mydevcube.com",
    "createdAt": "2021-11-02T16:19:02Z",
    "passwordLastUpdated": "2021-11-02T16:19:02Z",
    "verified": true,
    "_selfUrl": "/api-public/v1/user/roman.kyrnis"
  }
]
""";
}

namespace Bazaar.Remotes.AzureContainerInstances.Tests.Arm;

/// <summary>
/// Container groups as ARM's GET answers them (api-version 2023-05-01), shaped on the published example
/// ContainerGroupsGet_Succeeded.json (id, name, type, location, tags, properties with provisioningState,
/// containers[].properties.instanceView.currentState/previousState/events, the group's instanceView) with the
/// states an attempt passes through.
/// </summary>
internal static class ContainerGroupAnswers
{
    public static string Group(string name, string provisioningState, string? groupState, string? containerState, string tags = "{}") => $$"""
        {
          "id": "/subscriptions/{{RecordingArm.Subscription}}/resourceGroups/{{RecordingArm.ResourceGroup}}/providers/Microsoft.ContainerInstance/containerGroups/{{name}}",
          "name": "{{name}}",
          "type": "Microsoft.ContainerInstance/containerGroups",
          "location": "westeurope",
          "tags": {{tags}},
          "properties": {
            "sku": "Standard",
            "provisioningState": "{{provisioningState}}",
            "containers": [
              {
                "name": "agent",
                "properties": {
                  "image": "bazaarcr.azurecr.io/bazaar-agent:1",
                  "environmentVariables": [ { "name": "BAZAAR_AGENT_REQUEST" } ],
                  "resources": { "requests": { "memoryInGB": 1.5, "cpu": 1.0 } }
                  {{(containerState is null ? string.Empty : $", \"instanceView\": {{ \"restartCount\": 0, \"currentState\": {containerState}, \"events\": [] }}")}}
                }
              }
            ],
            "restartPolicy": "Never",
            "osType": "Linux",
            "instanceView": { "events": [] {{(groupState is null ? string.Empty : $", \"state\": \"{groupState}\"")}} }
          }
        }
        """;

    public static string Waiting(string name) =>
        Group(name, "Creating", "Pending", """{ "state": "Waiting", "detailStatus": "ContainerCreating" }""");

    public static string Running(string name, string tags = "{}") =>
        Group(name, "Succeeded", "Running", """{ "state": "Running", "startTime": "2026-12-03T23:00:00Z", "detailStatus": "" }""", tags);

    public static string Terminated(string name, int exitCode, string detail) =>
        Group(name, "Succeeded", exitCode == 0 ? "Succeeded" : "Failed", $$"""{ "state": "Terminated", "startTime": "2026-12-03T23:00:00Z", "exitCode": {{exitCode}}, "finishTime": "2026-12-03T23:01:00Z", "detailStatus": "{{detail}}" }""");

    public static string ProvisioningFailed(string name) => $$"""
        {
          "name": "{{name}}",
          "tags": {},
          "properties": {
            "provisioningState": "Failed",
            "containers": [ { "name": "agent", "properties": { "image": "nowhere/none:1", "resources": { "requests": { "memoryInGB": 1.5, "cpu": 1.0 } },
              "instanceView": { "restartCount": 0, "currentState": { "state": "Waiting", "detailStatus": "" },
                "events": [ { "count": 1, "firstTimestamp": "2026-12-03T23:00:00Z", "lastTimestamp": "2026-12-03T23:00:10Z", "name": "Failed", "message": "Failed to pull image \"nowhere/none:1\"", "type": "Warning" } ] } } } ],
            "osType": "Linux",
            "instanceView": { "events": [], "state": "Pending" }
          }
        }
        """;

    public static string Stopped(string name) => Group(name, "Succeeded", "Stopped", null);
}

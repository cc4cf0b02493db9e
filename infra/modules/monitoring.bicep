// Application Insights over a Log Analytics workspace. Local (key) auth is off: telemetry is accepted
// only from identities holding Monitoring Metrics Publisher, so the connection string is not a secret.
@description('The Log Analytics workspace\'s name.')
param workspaceName string

@description('The Application Insights component\'s name.')
param applicationInsightsName string

@description('Where to put them.')
param location string

@description('Tags for the resources.')
param tags object = {}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 30
  }
}

resource applicationInsights 'Microsoft.Insights/components@2020-02-02' = {
  name: applicationInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    WorkspaceResourceId: workspace.id
    DisableLocalAuth: true
  }
}

@description('The component\'s name, for role assignments scoped to it.')
output applicationInsightsName string = applicationInsights.name

@description('The connection string the Functions host sends telemetry with (Entra ID auth; it carries no key that works alone).')
output connectionString string = applicationInsights.properties.ConnectionString

// The Function App on Flex Consumption, running src/Bazaar.Functions (.NET isolated) as the
// user-assigned identity. Every connection is identity-based: no key or connection string in settings.
@description('The app\'s name; also the host name under azurewebsites.net.')
param name string

@description('The Flex Consumption plan\'s name.')
param planName string

@description('Where to put them.')
param location string

@description('Tags for the resources; azd finds the app by azd-service-name.')
param tags object = {}

@description('The identity the app runs as.')
param identityId string

@description('That identity\'s client id.')
param identityClientId string

@description('Its blob endpoint.')
param blobEndpoint string

@description('Its queue endpoint.')
param queueEndpoint string

@description('Its table endpoint.')
param tableEndpoint string

@description('The container Flex Consumption deploys the app package to.')
param deploymentContainerName string

@description('The container Bazaar keeps products in.')
param productContainerName string

@description('The Durable task hub: 3-45 letters and digits.')
param taskHubName string

@description('Application Insights\' connection string (Entra ID auth).')
param applicationInsightsConnectionString string

@description('The .NET version the app targets (its TargetFramework).')
param dotnetVersion string

@description('Most instances Flex Consumption scales out to.')
param maximumInstanceCount int

@description('Memory per instance, in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int

@description('Further app settings (the remotes\'), name -> value.')
param extraAppSettings object = {}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    name: 'FC1'
    tier: 'FlexConsumption'
  }
  properties: {
    reserved: true
  }
}

var identitySettings = {
  // The host's storage, with the identity: the service URIs, not a connection string.
  AzureWebJobsStorage__blobServiceUri: blobEndpoint
  AzureWebJobsStorage__queueServiceUri: queueEndpoint
  AzureWebJobsStorage__tableServiceUri: tableEndpoint
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  // Bazaar's product store and DefaultAzureCredential pick the user-assigned identity by its client id.
  AZURE_CLIENT_ID: identityClientId
  BAZAAR_STORAGE_ACCOUNT_URL: blobEndpoint
  BAZAAR_CONTAINER: productContainerName
  BAZAAR_TASK_HUB: taskHubName
  APPLICATIONINSIGHTS_CONNECTION_STRING: applicationInsightsConnectionString
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
  // The app serves the web UI at / (routePrefix is empty in host.json); the host's own home page would answer there.
  AzureWebJobsDisableHomepage: 'true'
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identityId}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${blobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        maximumInstanceCount: maximumInstanceCount
        instanceMemoryMB: instanceMemoryMB
      }
      runtime: {
        name: 'dotnet-isolated'
        version: dotnetVersion
      }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      appSettings: [for setting in items(union(identitySettings, extraAppSettings)): {
        name: setting.key
        value: setting.value
      }]
    }
  }
}

@description('The app\'s name.')
output name string = app.name

@description('The app\'s host name.')
output defaultHostName string = app.properties.defaultHostName

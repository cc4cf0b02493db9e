// The example step function (examples/azure-functions) on a Flex Consumption plan of its own, next to Bazaar's
// app: the azure-functions remote POSTs it steps. It runs as the same user-assigned identity, on the same storage
// account (identity-based, no key in settings), and gets a host key named 'bazaar' whose value Bazaar's app holds as
// a Key Vault reference (BAZAAR_AZURE_FUNCTIONS_KEY).
@description('The app\'s name; also the host name under azurewebsites.net.')
param name string

@description('The Flex Consumption plan\'s name.')
param planName string

@description('Where to put them.')
param location string

@description('Tags for the resources.')
param tags object = {}

@description('The identity the app runs as.')
param identityId string

@description('That identity\'s client id.')
param identityClientId string

@description('The storage account\'s blob endpoint.')
param blobEndpoint string

@description('Its queue endpoint.')
param queueEndpoint string

@description('Its table endpoint.')
param tableEndpoint string

@description('The container Flex Consumption deploys the step function\'s package to.')
param deploymentContainerName string

@description('The host key Bazaar calls the function with (x-functions-key).')
@secure()
param functionKey string

@description('How the function answers (BAZAAR_FUNCTION_MODE): auto, sync, async or callhome.')
@allowed([
  'auto'
  'sync'
  'async'
  'callhome'
])
param mode string = 'auto'

@description('The .NET version the app targets (its TargetFramework).')
param dotnetVersion string

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
        maximumInstanceCount: 40
        instanceMemoryMB: 2048
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
      appSettings: [
        { name: 'AzureWebJobsStorage__blobServiceUri', value: blobEndpoint }
        { name: 'AzureWebJobsStorage__queueServiceUri', value: queueEndpoint }
        { name: 'AzureWebJobsStorage__tableServiceUri', value: tableEndpoint }
        { name: 'AzureWebJobsStorage__credential', value: 'managedidentity' }
        { name: 'AzureWebJobsStorage__clientId', value: identityClientId }
        { name: 'BAZAAR_FUNCTION_MODE', value: mode }
      ]
    }
  }
}

// A host key of Bazaar's own, so it can be rotated without touching the app's other keys. The Bicep CLI has no
// types for host keys (BCP081); the resource is ARM's documented one.
#disable-next-line BCP081
resource bazaarKey 'Microsoft.Web/sites/host/functionKeys@2024-04-01' = {
  name: '${app.name}/default/bazaar'
  properties: {
    name: 'bazaar'
    value: functionKey
  }
}

@description('The app\'s name.')
output name string = app.name

@description('The base URL the azure-functions remote resolves function: names against (BAZAAR_AZURE_FUNCTIONS_URL).')
output baseUrl string = 'https://${app.properties.defaultHostName}/api/'

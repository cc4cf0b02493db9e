// One account for the Functions host, the Durable task hub (blobs, queues, tables), the app's
// deployment package and Bazaar's products. Only Entra ID gets in: shared keys are off.
@description('The storage account\'s name: 3-24 lowercase letters and digits.')
@minLength(3)
@maxLength(24)
param name string

@description('Where to put it.')
param location string

@description('Tags for the resource.')
param tags object = {}

@description('The blob containers to create, all private: they exist before the app starts so each role assignment can be scoped to them.')
param containerNames array

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    defaultToOAuthAuthentication: true
    supportsHttpsTrafficOnly: true
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Enabled'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: account
  name: 'default'
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = [for name in containerNames: {
  parent: blobService
  name: name
  properties: {
    publicAccess: 'None'
  }
}]

@description('The account\'s name.')
output name string = account.name

@description('The blob endpoint, ending in a slash.')
output blobEndpoint string = account.properties.primaryEndpoints.blob

@description('The queue endpoint, ending in a slash.')
output queueEndpoint string = account.properties.primaryEndpoints.queue

@description('The table endpoint, ending in a slash.')
output tableEndpoint string = account.properties.primaryEndpoints.table

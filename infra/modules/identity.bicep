// The one identity the Function App runs as: every data-plane role below is granted to it, never to the app's system identity.
@description('The identity\'s name.')
param name string

@description('Where to put it.')
param location string

@description('Tags for the resource.')
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: name
  location: location
  tags: tags
}

@description('The identity\'s resource id, for the app\'s identity block and its deployment storage.')
output id string = identity.id

@description('The identity\'s client id: the app reads it as AZURE_CLIENT_ID and AzureWebJobsStorage__clientId.')
output clientId string = identity.properties.clientId

@description('The identity\'s principal id, for role assignments.')
output principalId string = identity.properties.principalId

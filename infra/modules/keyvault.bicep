// The remotes' secrets (AWS keys for the Lambda remote) live here, and the app reads them through
// Key Vault references with its identity: app settings hold a reference, never the value.
@description('The vault\'s name: 3-24 letters, digits and dashes.')
param name string

@description('Where to put it.')
param location string

@description('Tags for the resource.')
param tags object = {}

@description('The app identity\'s principal id; it may read secrets, nothing more.')
param readerPrincipalId string

@description('Secrets to store, name -> value; empty values are skipped.')
@secure()
param secrets object = {}

var keyVaultSecretsUser = '4633458b-17de-408a-b874-0445c86b69e6'

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: subscription().tenantId
    sku: {
      family: 'A'
      name: 'standard'
    }
    enableRbacAuthorization: true
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
    publicNetworkAccess: 'Enabled'
  }
}

resource stored 'Microsoft.KeyVault/vaults/secrets@2023-07-01' = [for secret in items(secrets): if (!empty(secret.value)) {
  parent: vault
  name: secret.key
  properties: {
    value: secret.value
  }
}]

resource reader 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(vault.id, readerPrincipalId, keyVaultSecretsUser)
  scope: vault
  properties: {
    principalId: readerPrincipalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', keyVaultSecretsUser)
  }
}

@description('The vault\'s name, for Key Vault references.')
output name string = vault.name

// Exactly the data-plane roles the Functions host, Durable Functions and Bazaar's product store
// need on the one account, scoped to that account and nothing wider.
@description('The storage account\'s name.')
param storageAccountName string

@description('Who gets the roles.')
param principalId string

@description('ServicePrincipal for the app\'s identity, User for a developer.')
@allowed([
  'ServicePrincipal'
  'User'
])
param principalType string

var roles = {
  // The host keeps its leases and secrets in blobs, Flex Consumption reads the app package from a
  // container, Bazaar stores products; Owner also grants generateUserDelegationKey, which mints the
  // user-delegation SAS URLs payload remotes (Lambda, HTTP functions) use.
  storageBlobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b'
  // Durable Functions' control and work-item queues.
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  // Durable Functions' history and instances tables.
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource assignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in items(roles): {
  name: guid(account.id, principalId, role.value)
  scope: account
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
  }
}]

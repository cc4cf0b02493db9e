// The narrowest data-plane roles that still let a principal run Bazaar on the one account: blob
// data only in the containers it names, the right to mint user-delegation keys, and the Durable
// task hub's queues and tables.
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

@description('The blob containers the principal reads and writes; each gets its own assignment, scoped to that container.')
param containerNames array

// Read, write and delete blobs in one container (not Owner: that also sets POSIX ACLs).
var storageBlobDataContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'

var accountRoles = {
  // generateUserDelegationKey, which signs the user-delegation SAS URLs payload remotes (Lambda,
  // HTTP functions) get; the SAS itself grants no more than the signer holds on the container.
  storageBlobDelegator: 'db58b8e5-c6ad-4a2a-8342-4190687cbf4a'
  // Durable Functions' control and work-item queues, created at runtime, one per partition.
  storageQueueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88'
  // Durable Functions' history, instances and partition tables, and the Functions host's monthly
  // diagnostic-events table, all created at runtime under names the template cannot know.
  storageTableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'
}

resource account 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName

  resource blobService 'blobServices' existing = {
    name: 'default'

    resource containers 'containers' existing = [for name in containerNames: {
      name: name
    }]
  }
}

resource containerAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for (name, i) in containerNames: {
  name: guid(account::blobService::containers[i].id, principalId, storageBlobDataContributor)
  scope: account::blobService::containers[i]
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageBlobDataContributor)
  }
}]

resource accountAssignments 'Microsoft.Authorization/roleAssignments@2022-04-01' = [for role in items(accountRoles): {
  name: guid(account.id, principalId, role.value)
  scope: account
  properties: {
    principalId: principalId
    principalType: principalType
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
  }
}]

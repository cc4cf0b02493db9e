// Lets the app's identity run azure-container-instances steps in this resource group and do nothing else
// there: a custom role holding Microsoft.ContainerInstance/containerGroups/* only (create, read, stop, delete
// container groups), assignable here only, assigned to the identity.
@description('Who gets the role: the app\'s identity.')
param principalId string

resource role 'Microsoft.Authorization/roleDefinitions@2022-04-01' = {
  name: guid(resourceGroup().id, 'bazaar-container-instances-operator')
  properties: {
    // Role names are unique in a tenant: one per resource group it is made for.
    roleName: 'Bazaar Container Instances Operator (${resourceGroup().name})'
    description: 'Create, read, stop and delete container groups for Bazaar\'s call-home steps.'
    type: 'CustomRole'
    permissions: [
      {
        actions: [
          'Microsoft.ContainerInstance/containerGroups/*'
        ]
        notActions: []
      }
    ]
    assignableScopes: [
      resourceGroup().id
    ]
  }
}

resource assignment 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(resourceGroup().id, principalId, role.id)
  properties: {
    principalId: principalId
    principalType: 'ServicePrincipal'
    roleDefinitionId: role.id
  }
}

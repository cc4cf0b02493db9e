// Bazaar on Azure: `azd up` provisions this and deploys src/Bazaar.Functions to it.
// One resource group holding a Flex Consumption Function App, its storage account (host, Durable
// task hub and products), a user-assigned identity with exactly the data roles it needs, Application
// Insights over Log Analytics, a Key Vault for the remotes' secrets and the call-home keys, and, with an
// agent image, a resource group for azure-container-instances steps with a custom role on it.
targetScope = 'subscription'

@description('The azd environment\'s name; names the resource group and seeds every resource name.')
@minLength(1)
@maxLength(64)
param environmentName string

@description('The Azure region for every resource; it must offer Flex Consumption.')
@minLength(1)
param location string

@description('The deploying user\'s principal id (azd sets AZURE_PRINCIPAL_ID). When given, that user gets the app\'s storage roles, to run bazaar against the cloud account from a laptop.')
param principalId string = ''

@description('The Durable task hub name: 3-45 letters and digits.')
@minLength(3)
@maxLength(45)
param taskHubName string = 'bazaar'

@description('Most Function App instances to scale out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 100

@description('Memory per instance in MB.')
@allowed([
  512
  2048
  4096
])
param instanceMemoryMB int = 2048

@description('AWS region for Lambda steps (AWS_REGION); empty leaves it to the graph file.')
param awsRegion string = ''

@description('Docker host for docker steps (DOCKER_HOST), e.g. tcp://builder.example:2376; empty when the app runs no docker steps.')
param dockerHost string = ''

@description('AWS access key id for Lambda steps; stored in Key Vault, the app gets a reference.')
@secure()
param awsAccessKeyId string = ''

@description('AWS secret access key for Lambda steps; stored in Key Vault, the app gets a reference.')
@secure()
param awsSecretAccessKey string = ''

@description('The bazaar-agent image azure-container-instances steps run (BAZAAR_AGENT_IMAGE), e.g. myregistry.azurecr.io/bazaar-agent:1. When given, a resource group for the steps\' container groups is made, the app\'s identity may manage container groups there and nothing else, and the app offers the remote.')
param agentImage string = ''

@description('The keys call-home agents\' tokens are signed with (BAZAAR_CALLBACK_KEYS: kid:base64key;…); stored in Key Vault, the app gets a reference. Empty: the app refuses every callback.')
@secure()
param callbackKeys string = ''

@description('Deploy the example step function (examples/azure-functions) next to the app, and let the app send it azure-functions steps with a host key of its own.')
param stepFunction bool = false

@description('The host key the app calls the step function with (x-functions-key; BAZAAR_AZURE_FUNCTIONS_KEY); stored in Key Vault, the app gets a reference. Required with stepFunction.')
@secure()
param stepFunctionKey string = ''

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = {
  'azd-env-name': environmentName
  application: 'bazaar'
}
var deploymentContainerName = 'app-package-${resourceToken}'
var stepDeploymentContainerName = 'step-package-${resourceToken}'
var productContainerName = 'bazaar'

// Every blob container anyone here uses, so each role can be scoped to the containers it needs. The
// Functions host keeps its locks and keys in two; Durable Functions (Azure Storage provider) keeps
// partition leases, the app lease and oversized messages in three named after the task hub.
var functionsHostContainers = [
  'azure-webjobs-hosts'
  'azure-webjobs-secrets'
]
var taskHubContainers = [
  '${toLower(taskHubName)}-leases'
  '${toLower(taskHubName)}-applease'
  '${toLower(taskHubName)}-largemessages'
]
// The app: the host's containers, the task hub's, its own package and the products.
var appContainers = concat(functionsHostContainers, taskHubContainers, [deploymentContainerName, productContainerName], stepFunction ? [stepDeploymentContainerName] : [])
// A developer running bazaar against the account from a laptop: the task hub's and the products.
var developerContainers = concat(taskHubContainers, [productContainerName])
var vaultName = 'kv-${resourceToken}'
// azure-container-instances steps run as container groups in a resource group of their own.
var jobsGroupName = 'rg-${environmentName}-jobs'

resource group 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: 'rg-${environmentName}'
  location: location
  tags: tags
}

resource jobsGroup 'Microsoft.Resources/resourceGroups@2024-03-01' = if (!empty(agentImage)) {
  name: jobsGroupName
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: group
  params: {
    name: 'id-${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: group
  params: {
    name: 'st${resourceToken}'
    location: location
    tags: tags
    containerNames: appContainers
  }
}

module appStorageAccess 'modules/storage-access.bicep' = {
  name: 'app-storage-access'
  scope: group
  params: {
    storageAccountName: storage.outputs.name
    principalId: identity.outputs.principalId
    principalType: 'ServicePrincipal'
    containerNames: appContainers
  }
}

module userStorageAccess 'modules/storage-access.bicep' = if (!empty(principalId)) {
  name: 'user-storage-access'
  scope: group
  params: {
    storageAccountName: storage.outputs.name
    principalId: principalId
    principalType: 'User'
    containerNames: developerContainers
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: group
  params: {
    workspaceName: 'log-${resourceToken}'
    applicationInsightsName: 'appi-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoringAccess 'modules/monitoring-access.bicep' = {
  name: 'monitoring-access'
  scope: group
  params: {
    applicationInsightsName: monitoring.outputs.applicationInsightsName
    principalId: identity.outputs.principalId
  }
}

// The app may create, read, stop and delete container groups in the jobs group, and nothing else there.
module aciAccess 'modules/aci-access.bicep' = if (!empty(agentImage)) {
  name: 'aci-access'
  scope: resourceGroup(jobsGroupName)
  params: {
    principalId: identity.outputs.principalId
  }
  dependsOn: [
    jobsGroup
  ]
}

module vault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: group
  params: {
    name: vaultName
    location: location
    tags: tags
    readerPrincipalId: identity.outputs.principalId
    secrets: {
      'aws-access-key-id': awsAccessKeyId
      'aws-secret-access-key': awsSecretAccessKey
      'bazaar-callback-keys': callbackKeys
      'bazaar-azure-functions-key': stepFunctionKey
    }
  }
}

// The remotes' settings: plain values as they are, secrets as Key Vault references the app resolves with its identity.
var remoteSettings = union(
  empty(awsRegion) ? {} : { AWS_REGION: awsRegion },
  empty(dockerHost) ? {} : { DOCKER_HOST: dockerHost },
  empty(awsAccessKeyId) ? {} : { AWS_ACCESS_KEY_ID: '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=aws-access-key-id)' },
  empty(awsSecretAccessKey) ? {} : { AWS_SECRET_ACCESS_KEY: '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=aws-secret-access-key)' },
  empty(callbackKeys) ? {} : { BAZAAR_CALLBACK_KEYS: '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=bazaar-callback-keys)' },
  stepFunction ? {
    BAZAAR_REMOTES: join(concat(['aws-lambda'], empty(agentImage) ? [] : ['azure-container-instances'], ['azure-functions']), ',')
    BAZAAR_AZURE_FUNCTIONS_URL: 'https://func-step-${resourceToken}.azurewebsites.net/api/'
    BAZAAR_AZURE_FUNCTIONS_KEY: '@Microsoft.KeyVault(VaultName=${vaultName};SecretName=bazaar-azure-functions-key)'
  } : {},
  empty(agentImage) ? {} : {
    BAZAAR_REMOTES: stepFunction ? 'aws-lambda,azure-container-instances,azure-functions' : 'aws-lambda,azure-container-instances'
    AZURE_SUBSCRIPTION_ID: subscription().subscriptionId
    BAZAAR_ACI_RESOURCE_GROUP: jobsGroupName
    BAZAAR_ACI_LOCATION: location
    BAZAAR_AGENT_IMAGE: agentImage
  }
)

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: group
  params: {
    name: 'func-${resourceToken}'
    planName: 'plan-${resourceToken}'
    location: location
    tags: union(tags, { 'azd-service-name': 'api' })
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: deploymentContainerName
    productContainerName: productContainerName
    taskHubName: taskHubName
    applicationInsightsConnectionString: monitoring.outputs.connectionString
    dotnetVersion: '10.0'
    maximumInstanceCount: maximumInstanceCount
    instanceMemoryMB: instanceMemoryMB
    extraAppSettings: remoteSettings
  }
  dependsOn: [
    appStorageAccess
    monitoringAccess
    vault
    aciAccess
  ]
}

// The example step function, when asked for: the azure-functions remote's target (examples/azure-functions.yaml).
module stepFunctionApp 'modules/step-function.bicep' = if (stepFunction) {
  name: 'step-function'
  scope: group
  params: {
    name: 'func-step-${resourceToken}'
    planName: 'plan-step-${resourceToken}'
    location: location
    tags: tags
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    blobEndpoint: storage.outputs.blobEndpoint
    queueEndpoint: storage.outputs.queueEndpoint
    tableEndpoint: storage.outputs.tableEndpoint
    deploymentContainerName: stepDeploymentContainerName
    functionKey: stepFunctionKey
    dotnetVersion: '10.0'
  }
  dependsOn: [
    appStorageAccess
  ]
}

@description('The HTTP API\'s base URL: ./bazaar submit --url <this> --key <a function key>.')
output BAZAAR_API_URL string = 'https://${functionApp.outputs.defaultHostName}/api'

@description('The storage account that holds the task hub and the products.')
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name

@description('The Function App\'s name, for az functionapp keys list.')
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name

@description('The resource group.')
output AZURE_RESOURCE_GROUP string = group.name

@description('The region.')
output AZURE_LOCATION string = location

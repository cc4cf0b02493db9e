using System.ComponentModel.DataAnnotations;
using Azure.Core;

namespace Bazaar.Remotes.AzureContainerInstances;

/// <summary>
/// Host-side settings of the <c>azure-container-instances</c> remote: where Azure Resource Manager is, which
/// credential signs the calls, and the defaults of steps that name no subscription, resource group, location
/// or image. A graph chooses among what the host's identity may do; where the calls go is the host's business.
/// </summary>
public sealed class AzureContainerInstancesRemoteOptions
{
    /// <summary>Gets or sets the Azure Resource Manager endpoint: a sovereign cloud's, or a stand-in for tests.</summary>
    /// <value>Default <c>https://management.azure.com/</c>. Plain http is refused except on loopback (a bearer token never travels in the clear).</value>
    public Uri ResourceManagerEndpoint { get; set; } = new("https://management.azure.com/");

    /// <summary>Gets or sets the audience the ARM token is asked for (<c>{audience}/.default</c>).</summary>
    /// <value>Default <c>https://management.azure.com</c>.</value>
    public string Audience { get; set; } = "https://management.azure.com";

    /// <summary>Gets or sets the credential that signs the calls.</summary>
    /// <value>Default <see langword="null"/>: <c>DefaultAzureCredential</c> (environment, workload identity, managed identity, Azure CLI …).</value>
    public TokenCredential? Credential { get; set; }

    /// <summary>Gets or sets the subscription of steps that name none.</summary>
    /// <value>Default <see langword="null"/>: the host's <c>AZURE_SUBSCRIPTION_ID</c>.</value>
    public string? Subscription { get; set; }

    /// <summary>Gets or sets the resource group of steps that name none.</summary>
    /// <value>Default <see langword="null"/>: the host's <c>BAZAAR_ACI_RESOURCE_GROUP</c>.</value>
    public string? ResourceGroup { get; set; }

    /// <summary>Gets or sets the region of steps that name none.</summary>
    /// <value>Default <see langword="null"/>: the host's <c>BAZAAR_ACI_LOCATION</c>.</value>
    public string? Location { get; set; }

    /// <summary>Gets or sets the agent image of steps that name none: <c>bazaar-agent</c> built by src/Bazaar.Agent/image/build-image.sh and pushed where container groups can pull it.</summary>
    /// <value>Default <see langword="null"/>: the host's <c>BAZAAR_AGENT_IMAGE</c>.</value>
    public string? AgentImage { get; set; }

    /// <summary>Gets or sets the ARM API version of Microsoft.ContainerInstance the requests are written for.</summary>
    /// <value>Default <c>2023-05-01</c>, the version the request and answer shapes were checked against.</value>
    [RegularExpression("^[0-9]{4}-[0-9]{2}-[0-9]{2}(-preview)?$", ErrorMessage = "ApiVersion must be an ARM api-version such as 2023-05-01.")]
    public string ApiVersion { get; set; } = "2023-05-01";

    /// <summary>Gets or sets how many times one ARM call is tried when ARM throttles (429), fails (5xx) or cannot be reached.</summary>
    /// <value>Default 4.</value>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Gets or sets the wait before the first retry; it doubles each time up to <see cref="RetryMaxDelay"/>. A <c>Retry-After</c> header wins.</summary>
    /// <value>Default 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Gets or sets the longest wait between two tries.</summary>
    /// <value>Default 30 seconds.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Gets or sets how long a deletion answered as a long-running operation (<c>202</c>, <c>Azure-AsyncOperation</c>) is followed before it is left to the janitor.</summary>
    /// <value>Default 2 minutes.</value>
    [Range(typeof(TimeSpan), "00:00:01", "00:30:00")]
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets the least time between two reads of one container group from this host: a describe asked
    /// sooner waits. ARM throttles reads per principal and subscription; this keeps a caller that asks in a loop
    /// from using up what every other step's calls need.
    /// </summary>
    /// <value>Default 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MinDescribeInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets the resource groups a graph may name besides the host's own <see cref="ResourceGroup"/>: <c>group</c> (in the
    /// host's subscription) or <c>subscription-id/group</c>. A graph naming any other is refused before ARM is called.
    /// The janitor looks for leftovers in all of them.
    /// </summary>
    /// <value>Default empty, and the host's <c>BAZAAR_ACI_RESOURCE_GROUPS</c> (comma separated) adds to it: graphs use the host's group only.</value>
    public IList<string> ResourceGroups { get; } = [];

    /// <summary>
    /// Gets the user-assigned identities (resource ids) a graph may give its container groups. An identity lends the
    /// step's code its roles, so a graph naming one the host does not list is refused.
    /// </summary>
    /// <value>Default empty, and the host's <c>BAZAAR_ACI_IDENTITIES</c> (comma separated) adds to it: no identity.</value>
    public IList<string> Identities { get; } = [];

    /// <summary>
    /// Gets or sets the host variables a graph's <c>registry: { passwordSecret: … }</c> may name, besides those in
    /// <c>BAZAAR_SHAREABLE_SECRETS</c>: a graph must not be able to send the host's own keys to a registry of its choosing.
    /// </summary>
    /// <value>Default empty.</value>
    public IList<string> RegistrySecrets { get; } = [];
}

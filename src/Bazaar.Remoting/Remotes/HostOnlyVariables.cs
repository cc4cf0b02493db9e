namespace Bazaar.Remotes;

/// <summary>
/// The host environment variables that hold the host's own credentials and never reach a step a
/// remote starts from the host's environment: Bazaar's settings (its storage connection string),
/// cloud credentials (AWS, Azure, managed identity), the Functions and App Service host's keys, CI
/// tokens. A step still gets its own <c>BAZAAR_*</c> variables, its <c>env:</c>, and the
/// <c>secrets:</c> the host shares (<c>BazaarOptions.ShareableSecrets</c>), even when their
/// names are on this list: those are given on purpose. <c>PATH</c>, <c>HOME</c>, <c>LANG</c> and
/// the rest of the host's environment are inherited as before.
/// </summary>
public static class HostOnlyVariables
{
    /// <summary>
    /// Gets the prefixes, compared ignoring case: <c>BAZAAR_</c>, <c>AZURE_</c>, <c>AWS_</c>,
    /// <c>ARM_</c> (Terraform's Azure credentials), <c>IDENTITY_</c> and <c>MSI_</c> (managed identity
    /// endpoints and their secret header), <c>AzureWebJobs</c> (the Functions host's storage and
    /// keys), <c>WEBSITE_AUTH_</c>, <c>APPSETTING_</c> (App Service repeats every app setting under it),
    /// the App Service connection strings (<c>CUSTOMCONNSTR_</c>, <c>SQLCONNSTR_</c>,
    /// <c>SQLAZURECONNSTR_</c>, <c>MYSQLCONNSTR_</c>, <c>POSTGRESQLCONNSTR_</c>), <c>ACTIONS_</c>
    /// (GitHub Actions' runtime and OIDC tokens).
    /// </summary>
    public static IReadOnlyList<string> Prefixes { get; } =
    [
        "BAZAAR_", "AZURE_", "AWS_", "ARM_", "IDENTITY_", "MSI_", "AZUREWEBJOBS", "WEBSITE_AUTH_", "APPSETTING_",
        "CUSTOMCONNSTR_", "SQLCONNSTR_", "SQLAZURECONNSTR_", "MYSQLCONNSTR_", "POSTGRESQLCONNSTR_", "ACTIONS_",
    ];

    /// <summary>
    /// Gets the exact names, compared ignoring case: CI and registry tokens (<c>GITHUB_TOKEN</c>,
    /// <c>GH_TOKEN</c>, <c>SYSTEM_ACCESSTOKEN</c>), the Functions host's package and content
    /// locations, which carry SAS tokens and keys (<c>WEBSITE_RUN_FROM_PACKAGE</c>,
    /// <c>WEBSITE_CONTENTAZUREFILECONNECTIONSTRING</c>, <c>SCM_RUN_FROM_PACKAGE</c>,
    /// <c>CONTAINER_START_CONTEXT_SAS_URI</c>, <c>CONTAINER_ENCRYPTION_KEY</c>), Google's credentials
    /// file (<c>GOOGLE_APPLICATION_CREDENTIALS</c>).
    /// </summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "GITHUB_TOKEN", "GH_TOKEN", "SYSTEM_ACCESSTOKEN", "WEBSITE_RUN_FROM_PACKAGE", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING",
        "SCM_RUN_FROM_PACKAGE", "CONTAINER_START_CONTEXT_SAS_URI", "CONTAINER_ENCRYPTION_KEY", "GOOGLE_APPLICATION_CREDENTIALS",
    ];

    /// <summary>Tells whether a host variable stays on the host.</summary>
    /// <param name="name">The variable's name.</param>
    /// <returns><see langword="true"/> when a step must not inherit it.</returns>
    public static bool Contains(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (var prefix in Prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        foreach (var exact in Names)
        {
            if (name.Equals(exact, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>What <c>AddBazaar</c> returns: remotes and other parts hang off it.</summary>
public interface IBazaarBuilder
{
    /// <summary>Gets the service collection Bazaar is registered in.</summary>
    IServiceCollection Services { get; }
}

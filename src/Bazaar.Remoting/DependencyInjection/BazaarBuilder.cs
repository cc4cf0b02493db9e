namespace Microsoft.Extensions.DependencyInjection;

/// <summary>The default <see cref="IBazaarBuilder"/>.</summary>
/// <param name="services">The service collection.</param>
public sealed class BazaarBuilder(IServiceCollection services) : IBazaarBuilder
{
    /// <inheritdoc/>
    public IServiceCollection Services { get; } = services;
}

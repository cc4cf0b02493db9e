using Xunit;

namespace Bazaar.Testing;

/// <summary>Tests that share one Azurite. Put <c>[Collection(AzuriteCollection.Name)]</c> on the class.</summary>
[CollectionDefinition(Name)]
public sealed class AzuriteCollection : ICollectionFixture<AzuriteFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Azurite";
}

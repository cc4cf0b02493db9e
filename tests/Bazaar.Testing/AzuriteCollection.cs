namespace Bazaar.Testing;

/// <summary>
/// The name of the collection whose tests share one Azurite. xunit only sees collection
/// definitions in the test assembly itself, so each test project declares
/// <c>[CollectionDefinition(AzuriteCollection.Name)] class … : ICollectionFixture&lt;AzuriteFixture&gt;</c>.
/// </summary>
public static class AzuriteCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Azurite";
}

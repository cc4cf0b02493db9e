using Bazaar.Testing;

namespace Bazaar.Storage.Tests.Products;

/// <summary>
/// xunit finds collection definitions only in the test assembly itself, so the definition in
/// Bazaar.Testing needs this twin here for <c>[Collection(AzuriteCollection.Name)]</c> to get its fixture.
/// One per test assembly: move it up a folder when other tests of this assembly need Azurite.
/// </summary>
[CollectionDefinition(AzuriteCollection.Name)]
public sealed class AzuriteTestCollection : ICollectionFixture<AzuriteFixture>
{
}

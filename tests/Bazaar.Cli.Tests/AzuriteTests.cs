using Bazaar.Testing;

namespace Bazaar.Cli.Tests;

[CollectionDefinition(AzuriteCollection.Name)]
public sealed class AzuriteTests : ICollectionFixture<AzuriteFixture>;

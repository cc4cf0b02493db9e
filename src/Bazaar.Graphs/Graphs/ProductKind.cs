using System.Text.Json.Serialization;

namespace Bazaar.Graphs;

/// <summary>What a product's content is.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ProductKind>))]
public enum ProductKind
{
    /// <summary>A single file.</summary>
    File,

    /// <summary>A directory, stored as a reproducible tar.</summary>
    Directory,

    /// <summary>A product with no path and empty content: it only exists.</summary>
    Marker,
}

using System.Globalization;
using Bazaar.Graphs;

namespace Bazaar.Products;

/// <summary>
/// A product ref kept whole in its blob's metadata as well as in its content, so that one listing of
/// a run's products gives every ref without reading each blob (a run of 10,000 products is a few
/// listing pages, not 10,000 downloads). Refs written before the metadata existed are read from their content.
/// </summary>
internal static class ProductRefMetadata
{
    private const string Version = "version";
    private const string Digest = "digest";
    private const string Size = "size";
    private const string Kind = "kind";
    private const string CreatedAt = "createdAt";
    private const string ProducerRun = "producerRun";
    private const string ProducerStep = "producerStep";
    private const string ProducerAttempt = "producerAttempt";
    private const string ProducerRemote = "producerRemote";

    public static Dictionary<string, string> From(ProductRef product)
    {
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Version] = product.Version.ToString(CultureInfo.InvariantCulture),
            [Digest] = product.Digest,
            [Size] = product.Size.ToString(CultureInfo.InvariantCulture),
            [Kind] = product.Kind.ToString(),
            [CreatedAt] = product.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
            [ProducerRun] = product.Producer.RunId,
            [ProducerAttempt] = product.Producer.Attempt.ToString(CultureInfo.InvariantCulture),
        };

        // Step and remote names are graph names ([A-Za-z0-9_.-]), valid metadata values as they are.
        if (product.Producer.Step is { } step)
        {
            metadata[ProducerStep] = step;
        }

        if (product.Producer.Remote is { } remote)
        {
            metadata[ProducerRemote] = remote;
        }

        return metadata;
    }

    /// <summary>Reads a ref back; <see langword="null"/> for a blob whose metadata does not hold one whole.</summary>
    public static ProductRef? Read(string name, IDictionary<string, string>? metadata)
    {
        if (metadata is null)
        {
            return null;
        }

        // Metadata names come back in whatever case the service stores; compare without case.
        var values = new Dictionary<string, string>(metadata, StringComparer.OrdinalIgnoreCase);
        if (!int.TryParse(values.GetValueOrDefault(Version), CultureInfo.InvariantCulture, out var version)
            || values.GetValueOrDefault(Digest) is not { } digest
            || !long.TryParse(values.GetValueOrDefault(Size), CultureInfo.InvariantCulture, out var size)
            || !Enum.TryParse<ProductKind>(values.GetValueOrDefault(Kind), out var kind)
            || !DateTimeOffset.TryParse(values.GetValueOrDefault(CreatedAt), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var createdAt)
            || values.GetValueOrDefault(ProducerRun) is not { } run
            || !int.TryParse(values.GetValueOrDefault(ProducerAttempt), CultureInfo.InvariantCulture, out var attempt))
        {
            return null;
        }

        return new ProductRef
        {
            Version = version,
            Name = name,
            Digest = digest,
            Size = size,
            Kind = kind,
            CreatedAt = createdAt,
            Producer = new ProductProducer(run, values.GetValueOrDefault(ProducerStep), attempt, values.GetValueOrDefault(ProducerRemote)),
        };
    }
}

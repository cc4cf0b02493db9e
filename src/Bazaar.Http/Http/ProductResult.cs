using Bazaar.Products;
using Microsoft.AspNetCore.Http;

namespace Bazaar.Http;

/// <summary>A product's bytes, with its digest and kind in headers so a client can check what it got.</summary>
internal sealed class ProductResult(ProductRef product, IResult content) : IResult
{
    public const string DigestHeader = "X-Bazaar-Digest";
    public const string KindHeader = "X-Bazaar-Kind";

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        httpContext.Response.Headers[DigestHeader] = product.Digest;
        httpContext.Response.Headers[KindHeader] = product.Kind.ToString();
        return content.ExecuteAsync(httpContext);
    }
}

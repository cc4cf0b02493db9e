using Bazaar.Products;

namespace Bazaar.Behaviors;

/// <summary>What the activity halves of the behaviours are made from: the parts of the store they use, and the clock.</summary>
/// <param name="Content">Content by digest: staging outputs, checking cached content still exists.</param>
/// <param name="Refs">The run's product refs: linking cached outputs into a run.</param>
/// <param name="Cache">The action cache.</param>
/// <param name="Clock">The clock.</param>
/// <param name="CallHome">Mints call-home endpoints, when this host can be called back.</param>
internal sealed record AttemptServices(IContentStore Content, IProductRefs Refs, IActionCache Cache, TimeProvider Clock, ICallHomeEndpoints? CallHome = null);
